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
}
