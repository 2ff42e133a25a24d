using SemanticJpeg.Imaging;

namespace SemanticJpeg.Metrics;

/// <summary>
/// Structural similarity (Wang, Bovik, Sheikh, Simoncelli 2004) on luma: 11x11 Gaussian window
/// with sigma 1.5, K1 = 0.01, K2 = 0.03, L = 255, and the mean of the SSIM map over the 'valid'
/// region as in the reference ssim_index.m (no padding; (W-10) x (H-10) positions).
/// </summary>
/// <remarks>
/// Unlike Wang's later ssim.m, no automatic downsampling is applied to large images: the value is
/// computed at full resolution, which is what skimage's structural_similarity does too. Images
/// smaller than 11 pixels in a direction use a shorter window (see <c>SsimKernel.Window</c>).
/// </remarks>
internal static class Ssim
{
    /// <summary>Mean SSIM of the luma planes, in [-1, 1]; 1 for identical images.</summary>
    public static double Compute(PixelImage reference, PixelImage distorted)
    {
        MetricInputs.CheckPair(reference, distorted);
        return Compute(LumaPlane.FromImage(reference), LumaPlane.FromImage(distorted));
    }

    internal static double Compute(LumaPlane reference, LumaPlane distorted)
        => SsimKernel.Accumulate(reference, distorted).MeanSsim;
}
