using SemanticJpeg.Metrics;
using SemanticJpeg.Reporting;

namespace SemanticJpeg.Tests.Reporting;

/// <summary>Crafted comparison rows with round numbers, so tests can name the values they expect.</summary>
internal static class ReportFixtures
{
    public static QualityReport Report(double psnrS, double psnr, double msssim, double hvs = 35, double hvsM = 42, double ssim = 0.95, double psnrY = 36)
        => new(psnr, psnrY, ssim, msssim, hvs, hvsM, psnrS, psnrS - 3);

    /// <summary>Two 100x100 images at one quality; semantic = standard + the given deltas.</summary>
    public static List<ComparisonRow> Rows(int quality, double salientGain, double psnrDelta, double msssimDelta, long bytesDelta = -10)
    {
        return
        [
            new("a.png", quality, 100, 100, 1000, 1000 + bytesDelta,
                Report(30, 32, 0.980), Report(30 + salientGain, 32 + psnrDelta, 0.980 + msssimDelta)),
            new("b.png", quality, 100, 100, 2000, 2000 + bytesDelta,
                Report(34, 36, 0.990), Report(34 + salientGain, 36 + psnrDelta, 0.990 + msssimDelta)),
        ];
    }

    /// <summary>Three qualities with a plausible rate-distortion shape.</summary>
    public static List<ComparisonRow> ThreeQualities()
    {
        var rows = new List<ComparisonRow>();
        foreach (var (q, k) in new[] { (30, 0), (50, 1), (75, 2) })
        {
            rows.AddRange(Rows(q, 5.5 + k, 0.1, 0.0002).Select(r => r with
            {
                StandardBytes = r.StandardBytes * (k + 1),
                SemanticBytes = r.SemanticBytes * (k + 1),
                Standard = r.Standard with { PsnrSalient = r.Standard.PsnrSalient + 2 * k, PsnrRgb = r.Standard.PsnrRgb + 2 * k },
                Semantic = r.Semantic with { PsnrSalient = r.Semantic.PsnrSalient + 2 * k, PsnrRgb = r.Semantic.PsnrRgb + 2 * k },
            }));
        }
        return rows;
    }

    /// <summary>
    /// Two images on a four-quality ladder whose SemanticJpeg curve has the standard curve's
    /// qualities at <paramref name="rateFactor"/> times its bytes: every BD-rate is exactly
    /// (rateFactor - 1) x 100 %.
    /// </summary>
    public static List<ComparisonRow> Ladder(double rateFactor, bool userMap = false, double regionMean = 0.3)
    {
        var rows = new List<ComparisonRow>();
        foreach (var (image, bytes0, psnr0) in new[] { ("a.png", 1000L, 30.0), ("b.png", 1800L, 33.0) })
        {
            foreach (var (q, k) in new[] { (30, 0), (50, 1), (75, 2), (90, 3) })
            {
                long bytes = bytes0 << k;
                var standard = Report(psnr0 + 2.5 * k, psnr0 + 1 + 2.2 * k, 0.97 + 0.007 * k);
                rows.Add(new ComparisonRow(image, q, 100, 100, bytes, bytes, standard, standard)
                {
                    LadderBytes = (long)Math.Round(bytes * rateFactor),
                    Ladder = standard,
                    UserMap = userMap,
                    RegionMean = regionMean,
                });
            }
        }
        return rows;
    }
}
