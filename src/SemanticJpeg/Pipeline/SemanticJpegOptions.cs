using SemanticJpeg.Jpeg;
using SemanticJpeg.Saliency;
using SemanticJpeg.Saliency.Detection;

namespace SemanticJpeg.Pipeline;

/// <summary>How the file size is decided.</summary>
public enum RateMode
{
    /// <summary>Same byte budget as a standard libjpeg JPEG at <see cref="SemanticJpegOptions.Quality"/> (the paper's equal-size mode).</summary>
    Quality,
    /// <summary>Land within 1% below <see cref="SemanticJpegOptions.TargetBytes"/>.</summary>
    TargetSize,
    /// <summary>Fixed qualities for salient and background blocks; no rate search.</summary>
    FixedQualities,
}

/// <summary>Everything one semantic JPEG conversion needs to know. Immutable; share it across threads.</summary>
public sealed record SemanticJpegOptions
{
    /// <summary>How the file size is decided; <see cref="RateMode.Quality"/> by default.</summary>
    public RateMode Mode { get; init; } = RateMode.Quality;

    /// <summary>1..100, libjpeg scale; used by <see cref="RateMode.Quality"/>.</summary>
    public int Quality { get; init; } = 75;

    /// <summary>Used by <see cref="RateMode.TargetSize"/>.</summary>
    public long TargetBytes { get; init; }

    /// <summary>Used by <see cref="RateMode.FixedQualities"/>: quality where the map is 1.</summary>
    public int SalientQuality { get; init; } = 90;

    /// <summary>Used by <see cref="RateMode.FixedQualities"/>: quality where the map is 0.</summary>
    public int BackgroundQuality { get; init; } = 50;

    /// <summary>Chroma resolution; 4:2:0 (the libjpeg default) unless asked otherwise.</summary>
    public ChromaSubsampling Subsampling { get; init; } = ChromaSubsampling.Yuv420;

    /// <summary>Model name (in the module's models folder) or path to an .onnx with a .json sidecar.</summary>
    public string Model { get; init; } = "resnet18";

    /// <summary>What the map is made of: faces, people (the detectors) and objects (the model); all by default.</summary>
    public DetectionKinds Detect { get; init; } = DetectionKinds.All;

    /// <summary>Map settings; null for the model's defaults.</summary>
    public SaliencyOptions? Saliency { get; init; }

    /// <summary>
    /// A map of your own (a cut-out's mask, a painted region, another tool's map) instead of the
    /// model's: 1 = most important, 0 = background. Any size: it is fitted to the photo
    /// (<see cref="SaliencyMapReader.Fit"/>); <see cref="SaliencyMapReader.Read"/> reads one from an image file.
    /// </summary>
    public SaliencyMap? SaliencyMap { get; init; }

    /// <summary>
    /// How far bytes move to the salient blocks in the Quality and TargetSize modes: a block's squared error
    /// counts 1 + Strength x (its mean saliency). Null (the default): the strength at which the whole image's
    /// squared error equals the standard JPEG's of the same size, per image, so the picture as a whole is no
    /// worse than the standard file and the subject gets every byte the RD writer saves. 0: no saliency at all
    /// (a plain RD-optimised JPEG); larger values favour the subject more (8: background counts 1/9).
    /// </summary>
    public double? Strength { get; init; }

    /// <summary>
    /// Progressive JPEG (SOF2) instead of baseline: the picture appears at once and sharpens as it loads, and the
    /// file holds the same pixels in about 3 % fewer bytes, which the rate modes spend on quality.
    /// </summary>
    public bool Progressive { get; init; }

    /// <summary>Drop EXIF instead of carrying it (orientation is applied to the pixels either way).</summary>
    public bool StripMetadata { get; init; }

    /// <summary>Throws <see cref="SemanticJpegException"/> (InvalidArgument) for out-of-range values.</summary>
    public void Validate()
    {
        static void Range(string name, int value)
        {
            if (value is < 1 or > 100)
                throw new SemanticJpegException(SemanticJpegErrorCode.InvalidArgument, $"{name} must be between 1 and 100, got {value}.");
        }
        if (Strength is double k && !(k >= 0 && k <= 1e6))
            throw new SemanticJpegException(SemanticJpegErrorCode.InvalidArgument, $"Strength must be between 0 and 1e6, got {k}.");
        switch (Mode)
        {
            case RateMode.Quality:
                Range(nameof(Quality), Quality);
                break;
            case RateMode.TargetSize when TargetBytes < 1:
                throw new SemanticJpegException(SemanticJpegErrorCode.InvalidArgument, $"TargetSize must be positive, got {TargetBytes}.");
            case RateMode.FixedQualities:
                Range(nameof(SalientQuality), SalientQuality);
                Range(nameof(BackgroundQuality), BackgroundQuality);
                if (BackgroundQuality > SalientQuality)
                    throw new SemanticJpegException(SemanticJpegErrorCode.InvalidArgument,
                        $"BackgroundQuality ({BackgroundQuality}) must not exceed SalientQuality ({SalientQuality}).");
                break;
        }
    }
}
