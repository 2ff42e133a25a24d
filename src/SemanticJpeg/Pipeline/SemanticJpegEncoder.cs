using System.Diagnostics;
using SemanticJpeg.Imaging;
using SemanticJpeg.Jpeg;
using SemanticJpeg.Saliency;
using SemanticJpeg.Saliency.Detection;

namespace SemanticJpeg.Pipeline;

/// <summary>
/// Orchestration only: saliency map, then block importance, then the region-quality writer with
/// the rate mode asked for. Stateless and thread-safe (the model session is shared and
/// thread-safe), so the cmdlets run several of these in parallel.
/// </summary>
internal static class SemanticJpegEncoder
{
    /// <summary>JPEG marker + length bytes around a segment payload (ITU T.81 B.1.1.4).</summary>
    private const int SegmentOverhead = 4;

    /// <summary>"Exif\0\0" identifier in front of the APP1 payload.</summary>
    private const int ExifHeaderLength = 6;

    public static EncodedJpeg Encode(LoadedImage image, SemanticJpegOptions options, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var clock = Stopwatch.StartNew();
        var pixels = NeutralGrey.Collapse(image.Pixels);

        var map = Map(pixels, options);
        cancel.ThrowIfCancellationRequested();

        var exif = options.StripMetadata ? null : image.Exif;
        var importance = ImportanceWeighting.Priorities(map);
        var writerOptions = ImportanceWeighting.WriterOptions(options.Subsampling, exif)
            with { Progressive = options.Progressive, FitChroma = options.Mode != RateMode.FixedQualities };  // only the RD writer codes fitted chroma
        using var encoder = new RegionQualityEncoder(pixels, importance, writerOptions);
        cancel.ThrowIfCancellationRequested();

        long? standardBytes = null;
        JpegEncodeResult result;
        switch (options.Mode)
        {
            case RateMode.Quality:
                // The standard file carries no metadata; our metadata must not eat the pixel budget.
                standardBytes = StandardJpegReference.Encode(pixels, options.Quality, options.Subsampling).LongLength;
                result = encoder.EncodeOptimized(standardBytes.Value + MetadataBytes(exif), options.Strength, options.Quality);
                break;
            case RateMode.TargetSize:
                result = encoder.EncodeOptimized(options.TargetBytes, options.Strength);
                // "Never above the target" is a promise: an image whose smallest encoding (DC only,
                // headers and tables included) is larger fails instead of silently overshooting.
                if (result.Data.LongLength > options.TargetBytes)
                    throw new SemanticJpegException(SemanticJpegErrorCode.TargetUnreachable,
                        $"TargetSize {options.TargetBytes} bytes is below the smallest JPEG this {pixels.Width}x{pixels.Height} image can be written as ({result.Data.LongLength} bytes).");
                break;
            default:
                result = encoder.EncodeRegions(options.SalientQuality, options.BackgroundQuality);
                break;
        }

        return new EncodedJpeg(result.Data, map)
        {
            StandardBytes = standardBytes,
            MeanSaliency = map.Mean(),
            Strength = result.Strength,
            SalientArea = map.SalientFraction(),
            Elapsed = clock.Elapsed,
        };
    }

    /// <summary>
    /// The map the writer follows: the user's (fitted to the photo) or the model's fused with the detectors,
    /// computed on <paramref name="pixels"/> as the encoder sees them (neutral grey collapsed).
    /// </summary>
    internal static SaliencyMap Map(PixelImage pixels, SemanticJpegOptions options) => options.SaliencyMap is not null
        ? SaliencyMapReader.Fit(options.SaliencyMap, pixels.Width, pixels.Height)
        : SaliencyDetectors.Compute(pixels, options.Detect, () => SaliencyModel.Get(options.Model).Compute(pixels, options.Saliency), out _,
            options.Saliency?.Threads ?? 0);

    private static long MetadataBytes(byte[]? exif) =>
        exif is null ? 0 : SegmentOverhead + ExifHeaderLength + exif.Length;

}
