using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SemanticJpeg.Metrics;

/// <summary>Sums of the SSIM map and the contrast-structure map over the valid region.</summary>
internal readonly record struct SsimSums(double Ssim, double ContrastStructure, long Count)
{
    public double MeanSsim => Ssim / Count;
    public double MeanContrastStructure => ContrastStructure / Count;
}

/// <summary>
/// The local statistics of Wang et al. 2004 (ssim_index.m) over one pair of luma planes:
/// Gaussian-weighted means, variances and covariance, SSIM and contrast-structure per position,
/// summed over the 'valid' region (no padding: only windows that lie wholly inside the image).
/// </summary>
/// <remarks>
/// The separable window runs as a stream over rows: each input row is filtered horizontally into
/// a ring of <c>window</c> rows per statistic, and each output row is the vertical sum over the
/// ring, so memory is O(window x width) however tall the image. Strips of output rows run in
/// parallel and are summed in strip order, so the result does not depend on scheduling.
/// Samples are centred on 128 before squaring: float variances of 0..255 data would otherwise
/// lose ~1e-3 to cancellation in E[x^2] - E[x]^2.
/// </remarks>
internal static class SsimKernel
{
    public const double K1 = 0.01, K2 = 0.03, L = 255;
    public const int WindowSize = 11;
    public const double Sigma = 1.5;
    private const float Centre = 128f;
    private const int Statistics = 5; // x, y, x^2, y^2, xy

    /// <summary>
    /// The 1-D Gaussian, sigma 1.5, normalised (fspecial('gaussian', 11, 1.5) is its outer
    /// product). On a plane smaller than 11 in either direction the window is cut to the largest
    /// odd size that fits and renormalised: outside Wang's definition, but it keeps tiny images
    /// (e.g. the coarse scales of MS-SSIM) from failing.
    /// </summary>
    public static float[] Window(int width, int height)
    {
        int size = Math.Min(WindowSize, Math.Min(width, height));
        if (size % 2 == 0) size--;
        int radius = size / 2;
        var g = new double[size];
        double sum = 0;
        for (int i = 0; i < size; i++)
        {
            double d = i - radius;
            g[i] = Math.Exp(-d * d / (2 * Sigma * Sigma));
            sum += g[i];
        }
        return g.Select(v => (float)(v / sum)).ToArray();
    }

    /// <param name="a">The reference plane.</param>
    /// <param name="b">The distorted plane (same size).</param>
    /// <param name="luminance">False: only contrast-structure is needed (MS-SSIM's finer scales); the SSIM sum is then 0.</param>
    public static SsimSums Accumulate(LumaPlane a, LumaPlane b, bool luminance = true)
    {
        var g = Window(a.Width, a.Height);
        int n = g.Length;
        int outW = a.Width - n + 1, outH = a.Height - n + 1;
        // One strip per core (each strip re-reads the window's n - 1 rows above it, so fewer strips do less work).
        int strip = Math.Max(64, (outH + Environment.ProcessorCount - 1) / Environment.ProcessorCount);
        int strips = (outH + strip - 1) / strip;
        var results = new (double Ssim, double Cs)[strips];
        Parallel.For(0, strips, s =>
        {
            int y0 = s * strip, y1 = Math.Min(outH, y0 + strip);
            results[s] = AccumulateStrip(a, b, g, outW, y0, y1, luminance);
        });
        double ssim = 0, cs = 0;
        foreach (var r in results)
        {
            ssim += r.Ssim;
            cs += r.Cs;
        }
        return new SsimSums(ssim, cs, (long)outW * outH);
    }

    private static (double Ssim, double Cs) AccumulateStrip(LumaPlane a, LumaPlane b, float[] g, int outW, int y0, int y1, bool luminance)
    {
        int n = g.Length, width = a.Width;
        // ring[q] holds n horizontally filtered rows of statistic q; input row r lives in slot r % n.
        var ring = new float[Statistics][];
        for (int q = 0; q < Statistics; q++) ring[q] = new float[n * outW];
        var products = new float[Statistics][];
        for (int q = 0; q < Statistics; q++) products[q] = new float[width];

        float c1 = (float)((K1 * L) * (K1 * L)), c2 = (float)((K2 * L) * (K2 * L));
        double ssimSum = 0, csSum = 0;
        for (int r = y0; r < y1 + n - 1; r++)
        {
            var ra = a.Row(r);
            var rb = b.Row(r);
            int x = 0;
            if (Vector.IsHardwareAccelerated)
            {
                var centre = new Vector<float>(Centre);
                for (; x <= width - Vector<float>.Count; x += Vector<float>.Count)
                {
                    var va = new Vector<float>(ra.Slice(x)) - centre;
                    var vb = new Vector<float>(rb.Slice(x)) - centre;
                    va.CopyTo(products[0], x);
                    vb.CopyTo(products[1], x);
                    (va * va).CopyTo(products[2], x);
                    (vb * vb).CopyTo(products[3], x);
                    (va * vb).CopyTo(products[4], x);
                }
            }
            for (; x < width; x++)
            {
                float xa = ra[x] - Centre, xb = rb[x] - Centre;
                products[0][x] = xa;
                products[1][x] = xb;
                products[2][x] = xa * xa;
                products[3][x] = xb * xb;
                products[4][x] = xa * xb;
            }
            int slot = r % n;
            for (int q = 0; q < Statistics; q++)
                FilterRow(products[q], ring[q].AsSpan(slot * outW, outW), g);

            int y = r - (n - 1);
            if (y < y0) continue;
            var (ssim, cs) = CombineRow(ring, g, y, outW, c1, c2, luminance);
            ssimSum += ssim;
            csSum += cs;
        }
        return (ssimSum, csSum);
    }

    /// <summary>'valid' correlation of one row with the 1-D window.</summary>
    internal static void FilterRow(ReadOnlySpan<float> src, Span<float> dst, ReadOnlySpan<float> g)
    {
        int n = g.Length, x = 0;
        if (Vector.IsHardwareAccelerated && src.Length >= dst.Length + n - 1)
        {
            // Unchecked loads: x + k + Count <= dst.Length - Count + n - 1 + Count <= src.Length.
            ref float s = ref MemoryMarshal.GetReference(src);
            ref float d = ref MemoryMarshal.GetReference(dst);
            int last = dst.Length - Vector<float>.Count;
            if (n == WindowSize)
            {
                // The full window, its weights held in registers (the general loop reloads and broadcasts one per
                // tap: 4x slower). Same order of summation, so the same sums.
                Vector<float> w0 = new(g[0]), w1 = new(g[1]), w2 = new(g[2]), w3 = new(g[3]), w4 = new(g[4]), w5 = new(g[5]);
                Vector<float> w6 = new(g[6]), w7 = new(g[7]), w8 = new(g[8]), w9 = new(g[9]), w10 = new(g[10]);
                for (; x <= last; x += Vector<float>.Count)
                {
                    nuint i = (nuint)x;
                    var acc = Vector.LoadUnsafe(ref s, i) * w0 + Vector.LoadUnsafe(ref s, i + 1) * w1 + Vector.LoadUnsafe(ref s, i + 2) * w2
                        + Vector.LoadUnsafe(ref s, i + 3) * w3 + Vector.LoadUnsafe(ref s, i + 4) * w4 + Vector.LoadUnsafe(ref s, i + 5) * w5
                        + Vector.LoadUnsafe(ref s, i + 6) * w6 + Vector.LoadUnsafe(ref s, i + 7) * w7 + Vector.LoadUnsafe(ref s, i + 8) * w8
                        + Vector.LoadUnsafe(ref s, i + 9) * w9 + Vector.LoadUnsafe(ref s, i + 10) * w10;
                    acc.StoreUnsafe(ref d, i);
                }
            }
            for (; x <= last; x += Vector<float>.Count)
            {
                var acc = Vector.LoadUnsafe(ref s, (nuint)x) * g[0];
                for (int k = 1; k < n; k++)
                    acc += Vector.LoadUnsafe(ref s, (nuint)(x + k)) * g[k];
                acc.StoreUnsafe(ref d, (nuint)x);
            }
        }
        for (; x < dst.Length; x++)
        {
            float acc = 0;
            for (int k = 0; k < n; k++) acc += src[x + k] * g[k];
            dst[x] = acc;
        }
    }

    /// <summary>Vertical filter over the ring for output row y, then SSIM and cs summed over the row.</summary>
    private static (double Ssim, double Cs) CombineRow(float[][] ring, float[] g, int y, int outW, float c1, float c2, bool luminance)
    {
        int n = g.Length, x = 0;
        Span<int> offsets = stackalloc int[n];
        for (int k = 0; k < n; k++) offsets[k] = ((y + k) % n) * outW;

        float ssimRow = 0, csRow = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var ssimAcc = Vector<float>.Zero;
            var csAcc = Vector<float>.Zero;
            var vc1 = new Vector<float>(c1);
            var vc2 = new Vector<float>(c2);
            var centre = new Vector<float>(Centre);
            var two = new Vector<float>(2f);
            ref float r0 = ref MemoryMarshal.GetArrayDataReference(ring[0]);
            ref float r1 = ref MemoryMarshal.GetArrayDataReference(ring[1]);
            ref float r2 = ref MemoryMarshal.GetArrayDataReference(ring[2]);
            ref float r3 = ref MemoryMarshal.GetArrayDataReference(ring[3]);
            ref float r4 = ref MemoryMarshal.GetArrayDataReference(ring[4]);
            for (; x <= outW - Vector<float>.Count; x += Vector<float>.Count)
            {
                Vector<float> ma = default, mb = default, saa = default, sbb = default, sab = default;
                for (int k = 0; k < n; k++)
                {
                    // Unchecked loads: offsets[k] + x + Count <= (n - 1) * outW + outW, the ring's length.
                    nuint o = (nuint)(offsets[k] + x);
                    var w = new Vector<float>(g[k]); // broadcast once for the five statistics
                    ma += Vector.LoadUnsafe(ref r0, o) * w;
                    mb += Vector.LoadUnsafe(ref r1, o) * w;
                    saa += Vector.LoadUnsafe(ref r2, o) * w;
                    sbb += Vector.LoadUnsafe(ref r3, o) * w;
                    sab += Vector.LoadUnsafe(ref r4, o) * w;
                }
                var varA = saa - ma * ma;
                var varB = sbb - mb * mb;
                var cov = sab - ma * mb;
                var cs = (two * cov + vc2) / (varA + varB + vc2);
                csAcc += cs;
                if (!luminance) continue;
                var mu1 = ma + centre;
                var mu2 = mb + centre;
                var lum = (two * mu1 * mu2 + vc1) / (mu1 * mu1 + mu2 * mu2 + vc1);
                ssimAcc += lum * cs;
            }
            ssimRow = Vector.Sum(ssimAcc);
            csRow = Vector.Sum(csAcc);
        }
        double ssimSum = ssimRow, csSum = csRow;
        for (; x < outW; x++)
        {
            float ma = 0, mb = 0, saa = 0, sbb = 0, sab = 0;
            for (int k = 0; k < n; k++)
            {
                int o = offsets[k] + x;
                float w = g[k];
                ma += ring[0][o] * w;
                mb += ring[1][o] * w;
                saa += ring[2][o] * w;
                sbb += ring[3][o] * w;
                sab += ring[4][o] * w;
            }
            float cs = (2 * (sab - ma * mb) + c2) / ((saa - ma * ma) + (sbb - mb * mb) + c2);
            float mu1 = ma + Centre, mu2 = mb + Centre;
            if (luminance) ssimSum += (2 * mu1 * mu2 + c1) / (mu1 * mu1 + mu2 * mu2 + c1) * cs;
            csSum += cs;
        }
        return (ssimSum, csSum);
    }
}
