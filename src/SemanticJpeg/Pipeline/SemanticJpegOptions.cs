using SemanticJpeg.Jpeg;
using SemanticJpeg.Saliency;

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
    public RateMode Mode { get; init; } = RateMode.Quality;

    /// <summary>1..100, libjpeg scale; used by <see cref="RateMode.Quality"/>.</summary>
    public int Quality { get; init; } = 75;

    /// <summary>Used by <see cref="RateMode.TargetSize"/>.</summary>
    public long TargetBytes { get; init; }

    /// <summary>Used by <see cref="RateMode.FixedQualities"/>: quality where the map is 1.</summary>
    public int SalientQuality { get; init; } = 90;

    /// <summary>Used by <see cref="RateMode.FixedQualities"/>: quality where the map is 0.</summary>
    public int BackgroundQuality { get; init; } = 50;

    public ChromaSubsampling Subsampling { get; init; } = ChromaSubsampling.Yuv420;

    /// <summary>Model name (in the module's models folder) or path to an .onnx with a .json sidecar.</summary>
    public string Model { get; init; } = "resnet18";

    /// <summary>Map settings; null for the model's defaults.</summary>
    public SaliencyOptions? Saliency { get; init; }

    /// <summary>
    /// How much pure background matters next to the most salient area (see
    /// <see cref="ImportanceWeighting"/>): 0.125 by default; larger is gentler (1 makes the
    /// coarsest step only 1.4x the finest), smaller moves more bytes onto the subject.
    /// </summary>
    public double BackgroundWeight { get; init; } = ImportanceWeighting.DefaultBackgroundWeight;

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
        ImportanceWeighting.Spread(BackgroundWeight);
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
