using SemanticJpeg.Metrics;

namespace SemanticJpeg.Reporting;

/// <summary>Means of the metrics of one encoder over a set of images.</summary>
/// <remarks>
/// Arithmetic means of the per-image values, dB included, as the paper's table reports them.
/// NaN and missing values (no saliency map, empty region) are left out of a mean; a mean with
/// no value is NaN. An infinite PSNR (an identical image) makes its mean infinite.
/// </remarks>
internal sealed record MetricMeans(
    double PsnrSalient,
    double PsnrRgb,
    double PsnrY,
    double PsnrHvs,
    double PsnrHvsM,
    double Ssim,
    double MsSsim,
    double Bytes,
    double Bpp);

/// <summary>The means at one quality, both encoders, over <paramref name="ImageCount"/> images.</summary>
/// <param name="Quality">The ladder quality.</param>
/// <param name="ImageCount">Images at that quality.</param>
/// <param name="Standard">Standard JPEG at that quality.</param>
/// <param name="Semantic">SemanticJpeg at the standard JPEG's size.</param>
/// <param name="Curve">SemanticJpeg's own point at that quality (its rate-distortion curve).</param>
internal sealed record QualityMeans(int Quality, int ImageCount, MetricMeans Standard, MetricMeans Semantic, MetricMeans Curve);

/// <summary>Averages comparison rows per quality.</summary>
internal static class ComparisonSummary
{
    /// <summary>One <see cref="QualityMeans"/> per quality present in the rows, by increasing quality.</summary>
    public static IReadOnlyList<QualityMeans> ByQuality(IReadOnlyList<ComparisonRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return rows.GroupBy(r => r.Quality)
            .OrderBy(g => g.Key)
            .Select(g => new QualityMeans(
                g.Key,
                g.Count(),
                Means(g.Select(r => (r.Standard, r.StandardBytes, r.StandardBpp))),
                Means(g.Select(r => (r.Semantic, r.SemanticBytes, r.SemanticBpp))),
                Means(g.Select(r => (r.CurveReport, r.CurveBytes, r.CurveBpp)))))
            .ToList();
    }

    private static MetricMeans Means(IEnumerable<(QualityReport Report, long Bytes, double Bpp)> items)
    {
        var list = items.ToList();
        double Mean(Func<(QualityReport Report, long Bytes, double Bpp), double?> pick)
        {
            var values = list.Select(pick).Where(v => v is { } d && !double.IsNaN(d)).Select(v => v!.Value).ToList();
            return values.Count == 0 ? double.NaN : values.Average();
        }
        return new MetricMeans(
            PsnrSalient: Mean(i => i.Report.PsnrSalient),
            PsnrRgb: Mean(i => i.Report.PsnrRgb),
            PsnrY: Mean(i => i.Report.PsnrY),
            PsnrHvs: Mean(i => i.Report.PsnrHvs),
            PsnrHvsM: Mean(i => i.Report.PsnrHvsM),
            Ssim: Mean(i => i.Report.Ssim),
            MsSsim: Mean(i => i.Report.MsSsim),
            Bytes: Mean(i => i.Bytes),
            Bpp: Mean(i => i.Bpp));
    }
}
