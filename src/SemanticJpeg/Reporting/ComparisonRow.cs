using SemanticJpeg.Metrics;

namespace SemanticJpeg.Reporting;

/// <summary>
/// One image at one quality: the standard JPEG and the semantic JPEG made to the same size, each
/// measured against the original.
/// </summary>
/// <param name="Image">Name shown in the report (usually the file name).</param>
/// <param name="Quality">Quality of the standard JPEG this row is matched to (e.g. 30, 50, 75).</param>
/// <param name="Width">Image width in pixels.</param>
/// <param name="Height">Image height in pixels.</param>
/// <param name="StandardBytes">File size of the standard JPEG.</param>
/// <param name="SemanticBytes">File size of the semantic JPEG.</param>
/// <param name="Standard">Metrics of the decoded standard JPEG (with the region map as PSNR-S weights).</param>
/// <param name="Semantic">Metrics of the decoded semantic JPEG made to the standard JPEG's size (same map).</param>
internal sealed record ComparisonRow(
    string Image,
    int Quality,
    int Width,
    int Height,
    long StandardBytes,
    long SemanticBytes,
    QualityReport Standard,
    QualityReport Semantic)
{
    /// <summary>
    /// Size of SemanticJpeg's own file at this quality (its -Quality mode): the point of its
    /// rate-distortion curve, which need not be the standard file's size. Null: not measured, the
    /// curve then uses the equal-size file.
    /// </summary>
    public long? LadderBytes { get; init; }

    /// <summary>Metrics of SemanticJpeg's own file at this quality; null when not measured.</summary>
    public QualityReport? Ladder { get; init; }

    /// <summary>
    /// True when PSNR-S is weighted by the user's own map (-SaliencyMap); false when by the saliency
    /// model that also drives the encoder, which makes PSNR-S self-referential.
    /// </summary>
    public bool UserMap { get; init; }

    /// <summary>Mean of the region map (share of the picture that is subject), NaN when unknown.</summary>
    public double RegionMean { get; init; } = double.NaN;

    /// <summary>The size of the semantic curve's point: <see cref="LadderBytes"/>, else <see cref="SemanticBytes"/>.</summary>
    public long CurveBytes => LadderBytes ?? SemanticBytes;

    /// <summary>The metrics of the semantic curve's point: <see cref="Ladder"/>, else <see cref="Semantic"/>.</summary>
    public QualityReport CurveReport => Ladder ?? Semantic;

    /// <summary>Bits per pixel of the semantic curve's point.</summary>
    public double CurveBpp => BitsPerPixel(CurveBytes);

    /// <summary>Bits per pixel of the standard JPEG: 8 x bytes / (W x H).</summary>
    public double StandardBpp => BitsPerPixel(StandardBytes);

    /// <summary>Bits per pixel of the semantic JPEG.</summary>
    public double SemanticBpp => BitsPerPixel(SemanticBytes);

    private double BitsPerPixel(long bytes) => 8.0 * bytes / ((double)Width * Height);
}
