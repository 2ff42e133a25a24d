using SemanticJpeg.Imaging;
using SemanticJpeg.Jpeg;
using SemanticJpeg.Metrics;
using SemanticJpeg.Reporting;
using SemanticJpeg.Saliency;

namespace SemanticJpeg.Pipeline;

/// <summary>What Compare-SemanticJpeg measures for one image.</summary>
internal sealed record ComparisonOptions
{
    /// <summary>The default quality ladder: six points, enough for a cubic fit with room to spare, from low to high rates.</summary>
    public static IReadOnlyList<int> DefaultQualities { get; } = [30, 40, 50, 60, 75, 90];

    /// <summary>
    /// Qualities of the ladder: at each, a standard JPEG, SemanticJpeg at its size, and SemanticJpeg's
    /// own file at that quality (its rate-distortion curve).
    /// </summary>
    public IReadOnlyList<int> Qualities { get; init; } = DefaultQualities;

    public ChromaSubsampling Subsampling { get; init; } = ChromaSubsampling.Yuv420;

    public string Model { get; init; } = "resnet18";

    /// <summary>See <see cref="SemanticJpegOptions.Strength"/>; null: the automatic strength.</summary>
    public double? Strength { get; init; }

    /// <summary>
    /// The user's own map for this image (any size; fitted): the encoder's map and the region of
    /// PSNR-S. Null: the model's map for both, which makes PSNR-S self-referential.
    /// </summary>
    public SaliencyMap? SaliencyMap { get; init; }

    /// <summary>Side of the square close-ups of subject and background shown in the report (0: no crops); 160 shows three side by side at 2x.</summary>
    public int CropSize { get; init; } = 160;

    /// <summary>Quality whose files the close-ups show; null: the ladder quality nearest 50.</summary>
    public int? CropQuality { get; init; }
}

/// <summary>All rows (one per quality) and the side-by-side crops of one image.</summary>
internal sealed record ImageComparison(IReadOnlyList<ComparisonRow> Rows, IReadOnlyList<ImageCrops> Crops);

/// <summary>
/// The experiment for one image: at each ladder quality a standard JPEG (Magick.NET), SemanticJpeg
/// at the same size, and SemanticJpeg's own file at that quality, all decoded by Magick.NET and
/// measured against the original. Both SemanticJpeg files come from <see cref="SemanticJpegEncoder.Encode"/>,
/// the product's one entry point, so this measures exactly what users get; the map is computed (or
/// fitted) once and handed to every call.
/// </summary>
internal static class ImageComparer
{
    public static ImageComparison Compare(LoadedImage image, string name, ComparisonOptions options, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Qualities.Count == 0)
            throw new SemanticJpegException(SemanticJpegErrorCode.InvalidArgument, "At least one quality is needed.");
        foreach (var q in options.Qualities)
            if (q is < 1 or > 100)
                throw new SemanticJpegException(SemanticJpegErrorCode.InvalidArgument, $"Quality must be between 1 and 100, got {q}.");

        var pixels = image.Pixels;
        bool userMap = options.SaliencyMap is not null;
        // The encoder's own map is computed on the neutral-grey-collapsed pixels; so is this one,
        // so that handing it back through options.SaliencyMap changes nothing but the time taken.
        var map = SemanticJpegEncoder.Map(NeutralGrey.Collapse(pixels), new SemanticJpegOptions { Model = options.Model, SaliencyMap = options.SaliencyMap });
        double regionMean = map.Mean();
        var encoderOptions = new SemanticJpegOptions
        {
            Subsampling = options.Subsampling,
            Model = options.Model,
            Strength = options.Strength,
            SaliencyMap = map,
            StripMetadata = true,
        };
        int cropQuality = options.CropQuality ?? options.Qualities.OrderBy(q => Math.Abs(q - 50)).ThenBy(q => q).First();

        var rows = new List<ComparisonRow>();
        var crops = new List<ImageCrops>();
        foreach (var quality in options.Qualities.Distinct().OrderBy(q => q))
        {
            cancel.ThrowIfCancellationRequested();
            var standard = StandardJpegReference.Encode(pixels, quality, options.Subsampling);
            var equalSize = SemanticJpegEncoder.Encode(image,
                encoderOptions with { Mode = RateMode.TargetSize, TargetBytes = standard.LongLength }, cancel).Data;
            cancel.ThrowIfCancellationRequested();
            var ladder = SemanticJpegEncoder.Encode(image, encoderOptions with { Mode = RateMode.Quality, Quality = quality }, cancel).Data;
            cancel.ThrowIfCancellationRequested();

            var standardPixels = ImageCodec.DecodeJpeg(standard, pixels.IsGrey);
            var semanticPixels = ImageCodec.DecodeJpeg(equalSize, pixels.IsGrey);
            var standardReport = ImageQuality.Measure(pixels, standardPixels, map);
            var semanticReport = ImageQuality.Measure(pixels, semanticPixels, map);
            // Today's -Quality mode aims at the standard file's size, so the two files are often the
            // same bytes: measure once.
            var ladderReport = ladder.AsSpan().SequenceEqual(equalSize)
                ? semanticReport
                : ImageQuality.Measure(pixels, ImageCodec.DecodeJpeg(ladder, pixels.IsGrey), map);
            rows.Add(new ComparisonRow(name, quality, pixels.Width, pixels.Height, standard.LongLength, equalSize.LongLength,
                standardReport, semanticReport)
            {
                LadderBytes = ladder.LongLength,
                Ladder = ladderReport,
                UserMap = userMap,
                RegionMean = regionMean,
            });
            if (options.CropSize > 0 && quality == cropQuality)
            {
                int w = Math.Min(options.CropSize, pixels.Width), h = Math.Min(options.CropSize, pixels.Height);
                crops.Add(ImageCrops.Create(name, quality, pixels, standardPixels, semanticPixels, SalientCrop.Find(map, w, h), CropKind.Subject));
                crops.Add(ImageCrops.Create(name, quality, pixels, standardPixels, semanticPixels, SalientCrop.FindLeast(map, w, h), CropKind.Background));
            }
        }
        return new ImageComparison(rows, crops);
    }
}
