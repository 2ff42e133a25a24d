using System.Globalization;
using SemanticJpeg.Metrics;

namespace SemanticJpeg.Reporting;

/// <summary>
/// The Bjøntegaard delta of SemanticJpeg's curve against the standard JPEG's for one image, or the
/// mean over images (<see cref="Image"/> null), for one metric.
/// </summary>
/// <param name="Image">The image, or null for the mean over <paramref name="Images"/> images.</param>
/// <param name="Metric">The quality measure the curves are drawn against.</param>
/// <param name="BdRate">Piecewise-cubic (PCHIP) BD-rate, %: negative means SemanticJpeg needs fewer bytes.</param>
/// <param name="BdRateCubic">VCEG-M33 cubic-fit BD-rate, %.</param>
/// <param name="BdQuality">Mean quality change at equal rate (PCHIP), in the metric's unit.</param>
/// <param name="QualityLow">Lower end of the quality range both curves cover (NaN for a mean).</param>
/// <param name="QualityHigh">Upper end of that range (NaN for a mean).</param>
/// <param name="StandardPoints">Usable points of the standard JPEG's curve (0 for a mean).</param>
/// <param name="SemanticPoints">Usable points of SemanticJpeg's curve (0 for a mean).</param>
/// <param name="Images">1 for an image; for a mean, the images with a finite BD-rate.</param>
/// <param name="UserMap">Whether PSNR-S used the user's maps (for a mean: every image's).</param>
internal sealed record BdRateRow(
    string? Image,
    ChartMetric Metric,
    double BdRate,
    double BdRateCubic,
    double BdQuality,
    double QualityLow,
    double QualityHigh,
    int StandardPoints,
    int SemanticPoints,
    int Images,
    bool UserMap);

/// <summary>BD-rates from comparison rows: per image, and the mean over images (as the AOM and JVET common test conditions average them).</summary>
internal static class BdRateSummary
{
    /// <summary>
    /// A subject smaller than this share of the picture (mean of the map) is too small to measure:
    /// such an image is left out of the PSNR-S BD-rate (a scene without a subject has no "quality in the subject").
    /// </summary>
    public const double MinRegionMean = 0.02;

    /// <summary>The metrics BD-rates are given for, headline first.</summary>
    public static IReadOnlyList<ChartMetric> Metrics { get; } = [ChartMetric.PsnrSalient, ChartMetric.Psnr, ChartMetric.MsSsim];

    /// <summary>One row per image (in order of first appearance) and metric.</summary>
    public static IReadOnlyList<BdRateRow> PerImage(IReadOnlyList<ComparisonRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var result = new List<BdRateRow>();
        foreach (var image in rows.GroupBy(r => r.Image, StringComparer.Ordinal))
        {
            var list = image.OrderBy(r => r.Quality).ToList();
            bool userMap = list.All(r => r.UserMap);
            bool tinyRegion = list.Any(r => r.RegionMean < MinRegionMean);
            foreach (var metric in Metrics)
            {
                var standard = list.Select(r => new RatePoint(r.StandardBytes, Pick(r.Standard, metric))).ToList();
                var semantic = list.Select(r => new RatePoint(r.CurveBytes, Pick(r.CurveReport, metric))).ToList();
                if (metric == ChartMetric.PsnrSalient && tinyRegion)
                {
                    result.Add(new BdRateRow(image.Key, metric, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN,
                        0, 0, 1, userMap));
                    continue;
                }
                var (low, high) = BjontegaardDelta.Overlap(standard, semantic);
                result.Add(new BdRateRow(image.Key, metric,
                    BjontegaardDelta.Rate(standard, semantic, BdInterpolation.Pchip),
                    BjontegaardDelta.Rate(standard, semantic, BdInterpolation.Cubic),
                    BjontegaardDelta.Quality(standard, semantic, BdInterpolation.Pchip),
                    low, high,
                    BjontegaardDelta.UsablePoints(standard), BjontegaardDelta.UsablePoints(semantic), 1, userMap));
            }
        }
        return result;
    }

    /// <summary>One row per metric: arithmetic means of the finite per-image values.</summary>
    public static IReadOnlyList<BdRateRow> Mean(IReadOnlyList<BdRateRow> perImage)
    {
        ArgumentNullException.ThrowIfNull(perImage);
        return Metrics.Select(metric =>
        {
            var rows = perImage.Where(r => r.Image is not null && r.Metric == metric).ToList();
            static double MeanOf(IEnumerable<double> values)
            {
                var finite = values.Where(double.IsFinite).ToList();
                return finite.Count == 0 ? double.NaN : finite.Average();
            }
            return new BdRateRow(null, metric,
                MeanOf(rows.Select(r => r.BdRate)), MeanOf(rows.Select(r => r.BdRateCubic)), MeanOf(rows.Select(r => r.BdQuality)),
                double.NaN, double.NaN, 0, 0,
                rows.Count(r => double.IsFinite(r.BdRate)),
                rows.Count > 0 && rows.All(r => r.UserMap));
        }).ToList();
    }

    /// <summary>
    /// The headline sentence: "At the same quality in the subject (PSNR-S), SemanticJpeg files are
    /// N% smaller", with the global figures beside it, from <see cref="Mean"/>'s rows.
    /// </summary>
    public static string Headline(IReadOnlyList<BdRateRow> means)
    {
        ArgumentNullException.ThrowIfNull(means);
        double Of(ChartMetric m) => means.FirstOrDefault(r => r.Image is null && r.Metric == m)?.BdRate ?? double.NaN;
        return $"At the same quality in the subject (PSNR-S), SemanticJpeg files are {Change(Of(ChartMetric.PsnrSalient))}; "
            + $"at the same global PSNR {Change(Of(ChartMetric.Psnr))}, at the same MS-SSIM {Change(Of(ChartMetric.MsSsim))}.";
    }

    /// <summary>A BD-rate in words: "12.3% smaller", "4.0% larger", "the same size", or why there is none.</summary>
    public static string Change(double bdRate) => bdRate switch
    {
        double.NaN => "not comparable (the curves share no quality range)",
        _ when Math.Abs(bdRate) < 0.05 => "the same size",
        < 0 => (-bdRate).ToString("0.0", CultureInfo.InvariantCulture) + "% smaller",
        _ => bdRate.ToString("0.0", CultureInfo.InvariantCulture) + "% larger",
    };

    /// <summary>The metric's short name, as the report and the rows spell it.</summary>
    public static string Name(ChartMetric metric) => metric switch
    {
        ChartMetric.PsnrSalient => "PSNR-S",
        ChartMetric.Psnr => "PSNR",
        ChartMetric.MsSsim => "MS-SSIM",
        _ => throw new ArgumentOutOfRangeException(nameof(metric)),
    };

    internal static double Pick(QualityReport report, ChartMetric metric) => metric switch
    {
        ChartMetric.PsnrSalient => report.PsnrSalient ?? double.NaN,
        ChartMetric.Psnr => report.PsnrRgb,
        ChartMetric.MsSsim => report.MsSsim,
        _ => throw new ArgumentOutOfRangeException(nameof(metric)),
    };
}
