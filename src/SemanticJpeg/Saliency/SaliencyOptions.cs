namespace SemanticJpeg.Saliency;

/// <summary>
/// Knobs of the saliency map. The defaults are chosen on principle and on measurements of this
/// model over many photos (models/README.md, "How the map is made"), not tuned to the sample photos.
/// Records compare lists by reference: build variants with <c>Default with { ... }</c>.
/// </summary>
public sealed record SaliencyOptions
{
    /// <summary>The defaults.</summary>
    public static SaliencyOptions Default { get; } = new();

    /// <summary>
    /// Short side(s) of the network input, in pixels; the maps of several scales are averaged.
    /// Default 224 + 448: averaging a coarse and a fine scale ranked salient pixels best; 448 alone
    /// is second, 320 alone is close to it at about 60% of the cost, 224 alone is fastest and
    /// coarsest. Ignored by models with a fixed input size.
    /// </summary>
    public IReadOnlyList<int> Scales { get; init; } = [224, 448];

    /// <summary>
    /// The network input's long side is at most this many times its short side; wider panoramas get
    /// a smaller short side, so time and memory stay bounded. Default 2.
    /// </summary>
    public float MaxAspect { get; init; } = 2f;

    /// <summary>
    /// Robust range of a feature model's response: cells at or below this quantile become 0. Default 0.3:
    /// the map assumes at least 30% of a photo is context, so a subject filling up to 70% of the
    /// frame (a portrait, a close-up) is not cut; the <see cref="Threshold"/> then clears the rest of
    /// the background.
    /// </summary>
    public float LowQuantile { get; init; } = 0.3f;

    /// <summary>Cells at or above this quantile become 1. Default 0.99 (robust to a few hot cells, unlike the maximum).</summary>
    public float HighQuantile { get; init; } = 0.99f;

    /// <summary>
    /// Gaussian smoothing of the map, sigma as a fraction of the image's short side. Default 0.02:
    /// about one /16 feature cell at 448; enough to remove the cell grid, heavier smoothing hurt.
    /// </summary>
    public float Smoothing { get; init; } = 0.02f;

    /// <summary>
    /// Exponent of the centre prior the map is multiplied by (map x prior^strength; 0 switches it off).
    /// Default 0.5, the mild setting that lifted maps well above a centre-only baseline while a
    /// subject on a third line keeps ~95% of its value.
    /// </summary>
    public float CenterPriorStrength { get; init; } = 0.5f;

    /// <summary>Sigma of the Gaussian centre prior as a fraction of the width (x) and height (y). Default 0.35.</summary>
    public float CenterPriorSigma { get; init; } = 0.35f;

    /// <summary>
    /// Values below this become 0 and the rest is stretched back to 0..1, so empty background really
    /// is 0 (the encoder spends nothing there). Default 0.15.
    /// </summary>
    public float Threshold { get; init; } = 0.15f;

    /// <summary>
    /// Contrast at or below which the image is judged to have no clear subject and the map is
    /// uniform. Contrast is (99th percentile - median) / 99th percentile of the model's response
    /// (for a [1,1,h,w] saliency output: 99th - 1st percentile). Default 0.3: photos with a subject
    /// measured 0.42-0.64; noise 0.27 and a facade of windows 0.23.
    /// </summary>
    public float MinContrast { get; init; } = 0.3f;

    /// <summary>Contrast at or above which the map is used fully; in between it is blended with the uniform map. Default 0.4.</summary>
    public float FullContrast { get; init; } = 0.4f;

    /// <summary>
    /// Image structure at or below which the image counts as flat and the map is uniform. Structure
    /// is the mean absolute luminance step (0..255) between neighbouring 4x4-pixel cells of the
    /// smallest network input. Default 1: flat grey measured 0, flat grey with sensor noise (sigma
    /// 2-10) 0.15-0.75, a smooth sky gradient 0.9; photos 4.4 (the night launch) to 21.
    /// </summary>
    public float MinStructure { get; init; } = 1f;

    /// <summary>Structure at or above which the image counts as detailed enough for a map. Default 3.</summary>
    public float FullStructure { get; init; } = 3f;

    /// <summary>
    /// Value of the uniform map for an image without a clear subject. Default 1: like
    /// <see cref="SaliencyMap.Uniform"/>, the whole image is treated as important, so the encoder
    /// falls back to uniform quality instead of inventing a subject.
    /// </summary>
    public float NoSubjectLevel { get; init; } = 1f;

    internal void Validate()
    {
        if (Scales is null || Scales.Count == 0 || Scales.Any(s => s < 32 || s > 4096))
            throw new ArgumentException("SaliencyOptions.Scales needs at least one short side between 32 and 4096.");
        if (MaxAspect < 1) throw new ArgumentException("SaliencyOptions.MaxAspect must be at least 1.");
        if (!(LowQuantile >= 0 && LowQuantile < HighQuantile && HighQuantile <= 1))
            throw new ArgumentException("SaliencyOptions needs 0 <= LowQuantile < HighQuantile <= 1.");
        if (Smoothing < 0 || Smoothing > 0.5f) throw new ArgumentException("SaliencyOptions.Smoothing must be in [0, 0.5].");
        if (CenterPriorStrength < 0) throw new ArgumentException("SaliencyOptions.CenterPriorStrength must not be negative.");
        if (CenterPriorSigma <= 0) throw new ArgumentException("SaliencyOptions.CenterPriorSigma must be positive.");
        if (Threshold < 0 || Threshold >= 1) throw new ArgumentException("SaliencyOptions.Threshold must be in [0, 1).");
        if (MinContrast < 0 || FullContrast < MinContrast) throw new ArgumentException("SaliencyOptions needs 0 <= MinContrast <= FullContrast.");
        if (MinStructure < 0 || FullStructure < MinStructure) throw new ArgumentException("SaliencyOptions needs 0 <= MinStructure <= FullStructure.");
        if (NoSubjectLevel < 0 || NoSubjectLevel > 1) throw new ArgumentException("SaliencyOptions.NoSubjectLevel must be in [0, 1].");
    }
}
