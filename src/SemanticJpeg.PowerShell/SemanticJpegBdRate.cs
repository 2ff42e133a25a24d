using SemanticJpeg.Reporting;

namespace SemanticJpeg.PowerShell;

/// <summary>
/// One BD-rate row of Compare-SemanticJpeg -BdRate: SemanticJpeg's rate-distortion curve against
/// the standard JPEG's for one image, or the mean over the images (Image "(mean)"), for one quality
/// measure. Negative BdRate: SemanticJpeg needs that many % fewer bytes for the same quality.
/// Flat properties, so Export-Csv works directly.
/// </summary>
public sealed class SemanticJpegBdRate
{
    /// <summary>What <see cref="Image"/> says on the rows that average over the images.</summary>
    public const string MeanImage = "(mean)";

    public string Image { get; init; } = string.Empty;

    /// <summary>"PSNR-S" (in the subject), "PSNR" or "MS-SSIM".</summary>
    public string Metric { get; init; } = string.Empty;

    /// <summary>BD-rate in %, piecewise cubic (PCHIP) interpolation; NaN when the curves share no quality range.</summary>
    public double BdRate { get; init; }

    /// <summary>BD-rate in %, VCEG-M33's cubic polynomial fit.</summary>
    public double BdRateCubic { get; init; }

    /// <summary>Mean quality change at equal size (dB for PSNR, MS-SSIM units for MS-SSIM).</summary>
    public double BdQuality { get; init; }

    /// <summary>Lower end of the quality range both curves cover (NaN on the mean rows).</summary>
    public double QualityFrom { get; init; }

    /// <summary>Upper end of that range (NaN on the mean rows).</summary>
    public double QualityTo { get; init; }

    /// <summary>Points on the standard JPEG's curve (0 on the mean rows).</summary>
    public int StandardPoints { get; init; }

    /// <summary>Points on SemanticJpeg's curve (0 on the mean rows).</summary>
    public int SemanticPoints { get; init; }

    /// <summary>1, or on the mean rows the number of images with a BD-rate.</summary>
    public int Images { get; init; }

    /// <summary>"SaliencyMap" when PSNR-S used your maps, "Model" when SemanticJpeg's own (self-referential).</summary>
    public string SalientRegion { get; init; } = string.Empty;

    internal static SemanticJpegBdRate From(BdRateRow row) => new()
    {
        Image = row.Image ?? MeanImage,
        Metric = BdRateSummary.Name(row.Metric),
        BdRate = row.BdRate,
        BdRateCubic = row.BdRateCubic,
        BdQuality = row.BdQuality,
        QualityFrom = row.QualityLow,
        QualityTo = row.QualityHigh,
        StandardPoints = row.StandardPoints,
        SemanticPoints = row.SemanticPoints,
        Images = row.Images,
        SalientRegion = SemanticJpegComparison.Region(row.UserMap),
    };
}
