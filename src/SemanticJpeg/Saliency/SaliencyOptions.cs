namespace SemanticJpeg.Saliency;

/// <summary>
/// Knobs of the saliency map. Every default is a measured choice (models/README.md, "How the map is
/// made", gives each stage's effect on an independent set of photos with salient-object masks);
/// stages that measured no gain are off by default and stay available as options.
/// Records compare lists by reference: build variants with <c>Default with { ... }</c>.
/// </summary>
public sealed record SaliencyOptions
{
    /// <summary>The defaults.</summary>
    public static SaliencyOptions Default { get; } = new();

    /// <summary>
    /// Short side(s) of the network input, in pixels; the maps of several scales are averaged.
    /// Default 224, chosen by cost and benefit: mean AUC 0.904 / 0.909 / 0.913 / 0.915 at 224 / 256 /
    /// 288 / 320 for 0.5 / 0.64 / 0.84 / 1 of 320's network time (which grows with the input's
    /// pixels), and judged by the file, 224 and 256 give the subject the same gain on the eval kit
    /// (within 0.01 dB at Q30/50/75) for 0.8 of the time. No pair of scales ranked better than the
    /// best single one. Ignored by models with a fixed input size.
    /// </summary>
    public IReadOnlyList<int> Scales { get; init; } = [224];

    /// <summary>
    /// The network input's long side is at most this many times its short side; wider panoramas get
    /// a smaller short side, so time and memory stay bounded. Default 2.
    /// </summary>
    public float MaxAspect { get; init; } = 2f;

    /// <summary>
    /// Gaussian smoothing of the map, sigma as a fraction of the image's short side. Default 0
    /// (off): 0.02-0.05 changed the ranking by less than the photos' spread.
    /// </summary>
    public float Smoothing { get; init; }

    /// <summary>
    /// Exponent of a centre prior the map is multiplied by (map x prior^strength). Default 0 (off):
    /// the distance from the image's borders already encodes how photographers frame a subject,
    /// and a prior of 0.25-0.5 ranked salient pixels worse. Raise it for collections whose subjects
    /// are always centred.
    /// </summary>
    public float CenterPriorStrength { get; init; }

    /// <summary>Sigma of the Gaussian centre prior as a fraction of the width (x) and height (y). Default 0.35.</summary>
    public float CenterPriorSigma { get; init; } = 0.35f;

    /// <summary>
    /// "Is anything a subject?": the map's 99th percentile (the subject probability of the most
    /// distinct 1% of the image) at or below which the image has no clear subject and the map is
    /// uniform. Default 0.1: flat, noise, gradient and pattern images measured at most 0.04, a star
    /// field 0.02-0.05, photos with a subject 0.74 and more.
    /// </summary>
    public float NoSubjectPeak { get; init; } = 0.1f;

    /// <summary>Peak at or above which the map is used fully; in between it is blended with the uniform map. Default 0.5.</summary>
    public float SubjectPeak { get; init; } = 0.5f;

    /// <summary>
    /// "Is it in one place?": the spread of the most distinct 30% of the coarsest feature map
    /// (spatial variance about their centroid, 1 = as scattered as a uniform spread over the frame)
    /// at or below which the map is used fully. Default 0.75: photos with a subject measured 0.28-0.65
    /// at the default scale (two separate subjects at the thirds: about 0.5); street and shop-front
    /// scenes without a subject 0.96-1.05.
    /// </summary>
    public float SubjectSpread { get; init; } = 0.75f;

    /// <summary>Spread at or above which the image has no clear subject and the map is uniform. Default 0.95.</summary>
    public float NoSubjectSpread { get; init; } = 0.95f;

    /// <summary>
    /// Value of the uniform map for an image without a clear subject. Default 1: like
    /// <see cref="SaliencyMap.Uniform"/>, the whole image is treated as important, so the encoder
    /// falls back to uniform quality instead of inventing a subject.
    /// </summary>
    public float NoSubjectLevel { get; init; } = 1f;

    /// <summary>
    /// Threads one map may use inside the network (ONNX Runtime's intra-op threads). Default 0: the
    /// machine's cores, at most 4, which is fastest for one map at a time. Callers that compute
    /// several maps side by side give each a share (cores / parallel workers, at least 1; the
    /// ConvertTo-SemanticJpeg cmdlet does this for -ThrottleLimit): threads that fight over the same
    /// cores only add waiting. The face and person detectors of the same map take the same share
    /// (by default two threads). The map does not depend on it.
    /// </summary>
    public int Threads { get; init; }

    /// <summary><see cref="Threads"/> with 0 resolved to the default.</summary>
    internal int EffectiveThreads => Threads > 0 ? Threads : DefaultThreads;

    /// <summary>The machine's cores, at most 4: more threads for one small CNN only add synchronisation.</summary>
    internal static int DefaultThreads => Math.Clamp(Environment.ProcessorCount, 1, 4);

    internal void Validate()
    {
        if (Scales is null || Scales.Count == 0 || Scales.Any(s => s < 32 || s > 4096))
            throw new ArgumentException("SaliencyOptions.Scales needs at least one short side between 32 and 4096.");
        if (MaxAspect < 1) throw new ArgumentException("SaliencyOptions.MaxAspect must be at least 1.");
        if (Smoothing < 0 || Smoothing > 0.5f) throw new ArgumentException("SaliencyOptions.Smoothing must be in [0, 0.5].");
        if (CenterPriorStrength < 0) throw new ArgumentException("SaliencyOptions.CenterPriorStrength must not be negative.");
        if (CenterPriorSigma <= 0) throw new ArgumentException("SaliencyOptions.CenterPriorSigma must be positive.");
        if (!(NoSubjectPeak >= 0 && SubjectPeak >= NoSubjectPeak && SubjectPeak <= 1))
            throw new ArgumentException("SaliencyOptions needs 0 <= NoSubjectPeak <= SubjectPeak <= 1.");
        if (!(SubjectSpread >= 0 && NoSubjectSpread >= SubjectSpread))
            throw new ArgumentException("SaliencyOptions needs 0 <= SubjectSpread <= NoSubjectSpread.");
        if (NoSubjectLevel < 0 || NoSubjectLevel > 1) throw new ArgumentException("SaliencyOptions.NoSubjectLevel must be in [0, 1].");
        if (Threads < 0 || Threads > 256) throw new ArgumentException("SaliencyOptions.Threads must be in [0, 256] (0 = automatic).");
    }
}
