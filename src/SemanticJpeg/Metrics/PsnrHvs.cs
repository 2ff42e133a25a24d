using System.Runtime.Intrinsics;
using SemanticJpeg.Imaging;

namespace SemanticJpeg.Metrics;

/// <summary>PSNR-HVS and PSNR-HVS-M of one image pair, in dB.</summary>
/// <param name="PsnrHvs">CSF-weighted DCT-domain PSNR (Egiazarian et al. 2006).</param>
/// <param name="PsnrHvsM">PSNR-HVS with between-coefficient contrast masking (Ponomarenko et al. 2007).</param>
internal readonly record struct PsnrHvsResult(double PsnrHvs, double PsnrHvsM);

/// <summary>
/// PSNR-HVS and PSNR-HVS-M on luma, as Ponomarenko's reference psnrhvsm.m computes them with its
/// default step of 8: 8x8 blocks on a non-overlapping grid from the top-left corner (a partial
/// block at the right or bottom edge is skipped), orthonormal DCT of both blocks, the absolute
/// coefficient differences weighted by the CSF table and, for -M, first reduced by the masking
/// threshold of the block (maskeff: AC energy weighted by the mask table, times the ratio of the
/// summed 4x4 quadrant variances to the block variance, the larger of the two images').
/// </summary>
/// <remarks>
/// Identical images give +infinity, where psnrhvsm.m returns the sentinel 100000. Images smaller
/// than 8x8 contain no block and give NaN (psnrhvsm.m leaves the output unassigned).
/// </remarks>
internal static class PsnrHvs
{
    /// <summary>Both values for the luma planes of the two images.</summary>
    public static PsnrHvsResult Compute(PixelImage reference, PixelImage distorted)
    {
        MetricInputs.CheckPair(reference, distorted);
        return Compute(LumaPlane.FromImage(reference), LumaPlane.FromImage(distorted));
    }

    internal static PsnrHvsResult Compute(LumaPlane reference, LumaPlane distorted)
        => Compute(reference, distorted, Dct8x8.Vectorised);

    /// <param name="reference">Reference luma.</param>
    /// <param name="distorted">Distorted luma.</param>
    /// <param name="vectorised">Vector256 or scalar arithmetic; tests run both.</param>
    internal static PsnrHvsResult Compute(LumaPlane reference, LumaPlane distorted, bool vectorised)
    {
        int blocksWide = reference.Width / 8, blocksHigh = reference.Height / 8;
        if (blocksWide == 0 || blocksHigh == 0)
            return new PsnrHvsResult(double.NaN, double.NaN);

        var rowSums = new (double Masked, double Unmasked)[blocksHigh];
        Parallel.For(0, blocksHigh, by =>
        {
            Span<float> a = stackalloc float[64], b = stackalloc float[64];
            Span<float> da = stackalloc float[64], db = stackalloc float[64];
            double masked = 0, unmasked = 0;
            for (int bx = 0; bx < blocksWide; bx++)
            {
                LoadBlock(reference, bx * 8, by * 8, a);
                LoadBlock(distorted, bx * 8, by * 8, b);
                Dct8x8.Forward(a, da, vectorised);
                Dct8x8.Forward(b, db, vectorised);
                float mask = MathF.Max(MaskEffect(a, da), MaskEffect(b, db));
                var (m, u) = vectorised ? BlockErrorVector256(da, db, mask) : BlockErrorScalar(da, db, mask);
                masked += m;
                unmasked += u;
            }
            rowSums[by] = (masked, unmasked);
        });

        double s1 = 0, s2 = 0;
        foreach (var (m, u) in rowSums)
        {
            s1 += m;
            s2 += u;
        }
        double count = 64.0 * blocksWide * blocksHigh;
        return new PsnrHvsResult(PsnrMath.FromMse(s2 / count), PsnrMath.FromMse(s1 / count));
    }

    private static void LoadBlock(LumaPlane plane, int x0, int y0, Span<float> block)
    {
        for (int y = 0; y < 8; y++)
            plane.Samples.AsSpan((y0 + y) * plane.Width + x0, 8).CopyTo(block.Slice(y * 8, 8));
    }

    /// <summary>
    /// maskeff of psnrhvsm.m: sqrt(sum over AC of dct^2 x Mask x pop) / 32, where pop is the sum
    /// of the four 4x4 quadrants' variances over the 8x8 variance. MATLAB's var(z(:)) * length(z(:))
    /// uses the n-1 normaliser, so each term is the sum of squared deviations times n/(n-1).
    /// </summary>
    internal static float MaskEffect(ReadOnlySpan<float> block, ReadOnlySpan<float> dct)
    {
        double energy = 0;
        for (int i = 1; i < 64; i++) energy += (double)dct[i] * dct[i] * PsnrHvsTables.MaskAc[i];

        double whole = ScaledVariance(block, 0, 0, 8);
        double pop = whole;
        if (whole != 0)
        {
            pop = (ScaledVariance(block, 0, 0, 4) + ScaledVariance(block, 4, 0, 4)
                 + ScaledVariance(block, 4, 4, 4) + ScaledVariance(block, 0, 4, 4)) / whole;
        }
        return (float)(Math.Sqrt(energy * pop) / 32);
    }

    /// <summary>var(z(:)) * numel(z) of the size x size square at (x0, y0) of an 8x8 block.</summary>
    private static double ScaledVariance(ReadOnlySpan<float> block, int x0, int y0, int size)
    {
        double sum = 0;
        for (int y = y0; y < y0 + size; y++)
        for (int x = x0; x < x0 + size; x++) sum += block[y * 8 + x];
        int n = size * size;
        double mean = sum / n, ss = 0;
        for (int y = y0; y < y0 + size; y++)
        for (int x = x0; x < x0 + size; x++)
        {
            double d = block[y * 8 + x] - mean;
            ss += d * d;
        }
        return ss / (n - 1) * n;
    }

    /// <summary>Sums of (u x CSF)^2 with and without masking over one block, u = |dct difference|.</summary>
    private static (double Masked, double Unmasked) BlockErrorScalar(ReadOnlySpan<float> da, ReadOnlySpan<float> db, float mask)
    {
        double masked = 0, unmasked = 0;
        for (int i = 0; i < 64; i++)
        {
            float u = MathF.Abs(da[i] - db[i]);
            float csf = PsnrHvsTables.Csf[i];
            unmasked += (double)(u * csf) * (u * csf);
            float um = MathF.Max(0, u - mask * PsnrHvsTables.InverseMaskAc[i]);
            masked += (double)(um * csf) * (um * csf);
        }
        return (masked, unmasked);
    }

    private static (double Masked, double Unmasked) BlockErrorVector256(ReadOnlySpan<float> da, ReadOnlySpan<float> db, float mask)
    {
        var vMask = Vector256.Create(mask);
        var masked = Vector256<float>.Zero;
        var unmasked = Vector256<float>.Zero;
        for (int i = 0; i < 64; i += 8)
        {
            var u = Vector256.Abs(Vector256.Create<float>(da.Slice(i, 8)) - Vector256.Create<float>(db.Slice(i, 8)));
            var csf = Vector256.Create<float>(PsnrHvsTables.Csf.AsSpan(i, 8));
            var threshold = vMask * Vector256.Create<float>(PsnrHvsTables.InverseMaskAc.AsSpan(i, 8));
            var e = u * csf;
            var em = Vector256.Max(u - threshold, Vector256<float>.Zero) * csf;
            unmasked += e * e;
            masked += em * em;
        }
        return (Vector256.Sum(masked), Vector256.Sum(unmasked));
    }
}
