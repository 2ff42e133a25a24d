using ImageMagick;
using SemanticJpeg.Imaging;
using SemanticJpeg.Jpeg;
using SemanticJpeg.Metrics;
using SemanticJpeg.Reporting;

namespace SemanticJpeg.Pipeline;

/// <summary>What Compare-SemanticJpeg measures for one image.</summary>
public sealed record ComparisonOptions
{
    /// <summary>Standard-JPEG qualities to compare at; the semantic file gets each one's size.</summary>
    public IReadOnlyList<int> Qualities { get; init; } = [30, 50, 75];

    public ChromaSubsampling Subsampling { get; init; } = ChromaSubsampling.Yuv420;

    public string Model { get; init; } = "resnet18";

    /// <summary>See <see cref="SemanticJpegOptions.BackgroundWeight"/>.</summary>
    public double BackgroundWeight { get; init; } = ImportanceWeighting.DefaultBackgroundWeight;

    /// <summary>Side of the square crop of the most salient area shown in the report (0: no crops).</summary>
    public int CropSize { get; init; } = 192;
}

/// <summary>All rows (one per quality) and the side-by-side crops of one image.</summary>
public sealed record ImageComparison(IReadOnlyList<ComparisonRow> Rows, IReadOnlyList<ImageCrops> Crops);

/// <summary>
/// The paper's experiment for one image: a standard JPEG (Magick.NET) at each quality, a semantic
/// JPEG of the same size, both decoded by Magick.NET and measured against the original, with the
/// saliency map as the weights of PSNR-S. The map, colour conversion and DCT are computed once per
/// image and reused for every quality.
/// </summary>
public static class ImageComparer
{
    public static ImageComparison Compare(LoadedImage image, string name, ComparisonOptions options, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(options);
        foreach (var q in options.Qualities)
            if (q is < 1 or > 100)
                throw new SemanticJpegException(SemanticJpegErrorCode.InvalidArgument, $"Quality must be between 1 and 100, got {q}.");

        var pixels = image.Pixels;
        var map = SaliencyModelLoader.Get(options.Model).Compute(pixels);
        using var encoder = new RegionQualityEncoder(pixels, ImportanceWeighting.Importance(map, options.BackgroundWeight),
            ImportanceWeighting.WriterOptions(options.BackgroundWeight, options.Subsampling));
        CropRect? crop = options.CropSize > 0
            ? SalientCrop.Find(map, Math.Min(options.CropSize, pixels.Width), Math.Min(options.CropSize, pixels.Height))
            : null;

        var rows = new List<ComparisonRow>();
        var crops = new List<ImageCrops>();
        foreach (var quality in options.Qualities)
        {
            cancel.ThrowIfCancellationRequested();
            var standard = StandardJpegReference.Encode(pixels, quality, options.Subsampling);
            var semantic = encoder.EncodeToSize(standard.LongLength).Data;
            var standardPixels = Decode(standard, pixels.IsGrey);
            var semanticPixels = Decode(semantic, pixels.IsGrey);
            rows.Add(new ComparisonRow(name, quality, pixels.Width, pixels.Height, standard.LongLength, semantic.LongLength,
                ImageQuality.Measure(pixels, standardPixels, map),
                ImageQuality.Measure(pixels, semanticPixels, map)));
            if (crop is not null)
                crops.Add(ImageCrops.Create(name, quality, pixels, standardPixels, semanticPixels, crop.Value));
        }
        return new ImageComparison(rows, crops);
    }

    private static PixelImage Decode(byte[] jpeg, bool grey)
    {
        // Our own bytes, but decoded as JPEG only and under the same engine policy as any input.
        MagickSecurity.EnsureApplied();
        using var decoded = new MagickImage(jpeg, new MagickReadSettings { Format = MagickFormat.Jpeg });
        return MagickPixelConverter.ToPixelImage(decoded, keepGrey: grey);
    }
}
