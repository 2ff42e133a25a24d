using SemanticJpeg.Imaging;

namespace SemanticJpeg.Metrics;

/// <summary>
/// Multi-scale SSIM (Wang, Simoncelli, Bovik 2003) on luma, following the authors' msssim.m:
/// five scales with exponents 0.0448, 0.2856, 0.3001, 0.2363, 0.1333; between scales a 2x2
/// average and decimation by 2; the product of mean contrast-structure at scales 1..4 and mean
/// SSIM (luminance x contrast-structure) at scale 5, each raised to its exponent.
/// </summary>
/// <remarks>
/// <para>Small images: msssim.m refuses images under 176 pixels (11 x 2^4). Here a scale is used
/// only while its plane is at least 11 x 11 (halving rounds up, so 5 scales from 161 pixels on),
/// and the exponents of the scales used are renormalised to sum to 1 (the last scale used takes
/// the SSIM term). So a 100 x 100 image is measured on 4 scales, and an image under 21 pixels on
/// one scale, where MS-SSIM equals SSIM. An image under 11 x 11 is measured with a shortened window, like <see cref="Ssim"/>. Nothing throws.</para>
/// <para>A negative mean contrast-structure (anti-correlated images) has no real power; it is
/// clamped to 0, making MS-SSIM 0.</para>
/// </remarks>
internal static class MsSsim
{
    /// <summary>The exponents of Wang et al. 2003 for scales 1 (full resolution) to 5.</summary>
    public static IReadOnlyList<double> Exponents { get; } = [0.0448, 0.2856, 0.3001, 0.2363, 0.1333];

    /// <summary>MS-SSIM of the luma planes, in [0, 1]; 1 for identical images.</summary>
    public static double Compute(PixelImage reference, PixelImage distorted)
    {
        MetricInputs.CheckPair(reference, distorted);
        return Compute(LumaPlane.FromImage(reference), LumaPlane.FromImage(distorted));
    }

    /// <summary>How many scales an image of this size is measured on (1 to 5).</summary>
    public static int ScaleCount(int width, int height)
    {
        int scales = 1;
        while (scales < Exponents.Count)
        {
            width = (width + 1) / 2;
            height = (height + 1) / 2;
            if (width < SsimKernel.WindowSize || height < SsimKernel.WindowSize) break;
            scales++;
        }
        return scales;
    }

    internal static double Compute(LumaPlane reference, LumaPlane distorted) =>
        Compute(Pyramid(reference), Pyramid(distorted));

    /// <summary>
    /// The planes MS-SSIM compares at each of its scales (<see cref="ScaleCount"/>): the plane, then each 2x2
    /// average of the one before. <paramref name="into"/> (a pyramid of the same sizes) is reused when given.
    /// </summary>
    internal static LumaPlane[] Pyramid(LumaPlane plane, LumaPlane[]? into = null)
    {
        int scales = ScaleCount(plane.Width, plane.Height);
        var result = into ?? new LumaPlane[scales];
        result[0] = plane;
        for (int i = 1; i < scales; i++) result[i] = result[i - 1].Downsample2x(into?[i]);
        return result;
    }

    /// <summary>MS-SSIM from the two pyramids (<see cref="Pyramid"/>), so a fixed reference's is made once.</summary>
    internal static double Compute(IReadOnlyList<LumaPlane> reference, IReadOnlyList<LumaPlane> distorted)
    {
        int scales = reference.Count;
        double exponentSum = 0;
        for (int i = 0; i < scales; i++) exponentSum += Exponents[i];

        double result = 1;
        for (int i = 0; i < scales; i++)
        {
            bool last = i == scales - 1;
            var sums = SsimKernel.Accumulate(reference[i], distorted[i], luminance: last);
            double term = last ? sums.MeanSsim : sums.MeanContrastStructure;
            result *= Math.Pow(Math.Max(0, term), Exponents[i] / exponentSum);
        }
        return result;
    }
}
