using SemanticJpeg.Imaging;
using SemanticJpeg.Saliency;

namespace SemanticJpeg.Metrics;

/// <summary>Measures all the quality metrics of one image pair at once.</summary>
public static class ImageQuality
{
    /// <summary>
    /// Computes <see cref="QualityReport"/> for a distorted image against its reference. The luma
    /// planes are built once and shared by the luma metrics. Images must be the same size; either
    /// may be grey or RGB (a grey/RGB pair is compared on luma).
    /// </summary>
    /// <param name="reference">The original image.</param>
    /// <param name="distorted">The decoded compressed image.</param>
    /// <param name="weights">Saliency map of the reference at the same size, for PSNR-S and
    /// PSNR-background; null to skip both.</param>
    public static QualityReport Measure(PixelImage reference, PixelImage distorted, SaliencyMap? weights = null)
    {
        MetricInputs.CheckPair(reference, distorted);
        if (weights is not null) MetricInputs.CheckWeights(reference, weights);

        var a = LumaPlane.FromImage(reference);
        var b = LumaPlane.FromImage(distorted);
        var hvs = PsnrHvs.Compute(a, b);
        return new QualityReport(
            PsnrRgb: Psnr.Rgb(reference, distorted),
            PsnrY: Psnr.LumaPlanes(a, b),
            Ssim: Ssim.Compute(a, b),
            MsSsim: MsSsim.Compute(a, b),
            PsnrHvs: hvs.PsnrHvs,
            PsnrHvsM: hvs.PsnrHvsM,
            PsnrSalient: weights is null ? null : RegionPsnr.Salient(reference, distorted, weights),
            PsnrBackground: weights is null ? null : RegionPsnr.Background(reference, distorted, weights));
    }
}
