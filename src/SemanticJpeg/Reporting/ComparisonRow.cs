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
/// <param name="Standard">Metrics of the decoded standard JPEG (with the saliency map as weights).</param>
/// <param name="Semantic">Metrics of the decoded semantic JPEG (same map).</param>
public sealed record ComparisonRow(
    string Image,
    int Quality,
    int Width,
    int Height,
    long StandardBytes,
    long SemanticBytes,
    QualityReport Standard,
    QualityReport Semantic)
{
    /// <summary>Bits per pixel of the standard JPEG: 8 x bytes / (W x H).</summary>
    public double StandardBpp => BitsPerPixel(StandardBytes);

    /// <summary>Bits per pixel of the semantic JPEG.</summary>
    public double SemanticBpp => BitsPerPixel(SemanticBytes);

    private double BitsPerPixel(long bytes) => 8.0 * bytes / ((double)Width * Height);
}
