using System.Numerics;
using System.Runtime.CompilerServices;

namespace SemanticJpeg.Jpeg.Components;

/// <summary>
/// What a unit of squared error in each coefficient of a luma block costs MS-SSIM's contrast-structure terms,
/// to first order. At scale j (the image box-downsampled by 2^(j-1), MS-SSIM's five scales) a block's error
/// keeps the part of each coefficient's energy that survives the averaging (<see cref="Survival"/>: all of it
/// at scale 1, only the block mean at scale 4), and is seen against the local variance at that scale, whose
/// window (11 pixels of that scale) covers 1, 3, 5, 11 and 22 blocks: the variance within the block at that
/// scale, averaged over the window, plus the variance of the block means over the window. The cost of error e
/// in coefficient k of block b is then <c>e^2 sum_j w_j f_j(k) / (64 (2 var_jb + C2))</c> with MS-SSIM's scale
/// exponents w_j normalised to sum 1; scale 1 alone is the single-scale masking <see cref="BlockWeights.Masking"/>.
/// Error in smooth regions' low frequencies (sky, skin, walls) costs most: there even the coarse scales have
/// little contrast to hide it.
/// </summary>
internal sealed class StructuralMasking
{
    public const int Scales = 5;

    /// <summary>MS-SSIM's exponents (Wang, Simoncelli, Bovik 2003), normalised to sum 1.</summary>
    private static readonly double[] ScaleWeights = Normalised([0.0448, 0.2856, 0.3001, 0.2363, 0.1333]);

    /// <summary>Half-width in blocks of the 11-pixel window at each scale (11 * 2^(j-1) / 8 pixels, rounded down to a half).</summary>
    private static readonly int[] WindowRadius = [0, 1, 2, 5, 11];

    /// <summary>[scale][zig-zag k] w_j f_j(k): the weighted share of coefficient k's error energy seen at scale j.</summary>
    public static float[][] Survival { get; } = BuildSurvival(weighted: true);

    // The same, unweighted (for the variances) and weighted, flat [j * 64 + k] for vector loops, and the weighted
    // rows' sums (a block's mean cost is then a dot product of 5).
    private static readonly float[] Unweighted = Flatten(BuildSurvival(weighted: false));
    private static readonly float[] Weighted = Flatten(Survival);
    private static readonly float[] WeightedSums = Survival.Select(r => r.Sum()).ToArray();

    private readonly float[] _gain; // [block * Scales + j] 1 / (64 (2 var_jb + C2))

    // Run once per image: optimised at once (a tier-0 loop over every block would cost more than the work).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public StructuralMasking(int blocksWide, int blocksHigh, float[] lumaCoefficients, IReadOnlyList<Metrics.LumaPlane>? pyramid = null)
    {
        int n = blocksWide * blocksHigh;
        _gain = new float[n * Scales];
        // Per pixel where the picture's luma is at hand and the scale holds a whole window; the block-level
        // estimate for the rest (a picture too large for the pyramid, the coarse scales of a small one).
        int covered = pyramid is null ? 0 : LocalContrastGain.Apply(blocksWide, blocksHigh, pyramid, _gain, Scales);
        if (covered < Scales) BlockLevelGains(blocksWide, blocksHigh, lumaCoefficients, _gain, covered);
    }

    /// <summary>
    /// The block-level estimate of each scale's gain from <paramref name="fromScale"/> on: the variance within the
    /// blocks at that scale (from the coefficients' energy that survives the averaging) and between their means,
    /// over a box of blocks the window's width.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BlockLevelGains(int blocksWide, int blocksHigh, float[] lumaCoefficients, float[] gain, int fromScale)
    {
        int n = blocksWide * blocksHigh;
        var zz = ZigZag.ToNatural;
        Span<float> inverseScale = stackalloc float[64];
        for (int k = 0; k < 64; k++) inverseScale[k] = (float)(1.0 / FloatDct.ScaleFactor(zz[k]));
        var means = new double[n];
        var intra = new double[Scales][];
        for (int j = fromScale; j < Scales; j++) intra[j] = new double[n];
        Span<float> energy = stackalloc float[64];
        for (int b = 0; b < n; b++)
        {
            var c = lumaCoefficients.AsSpan(b * 64, 64);
            means[b] = c[0] * inverseScale[0] / 8.0;
            for (int k = 0; k < 64; k++)
            {
                float v = c[k] * inverseScale[k];
                energy[k] = v * v / 64f;
            }
            energy[0] = 0; // the block mean is between-block variance, below
            for (int j = fromScale; j < Scales; j++) intra[j][b] = Dot(Unweighted.AsSpan(j * 64, 64), energy);
        }
        var meanSums = Integral(means, blocksWide, blocksHigh, square: false);
        var meanSquares = Integral(means, blocksWide, blocksHigh, square: true);
        for (int j = fromScale; j < Scales; j++)
        {
            var intraSums = Integral(intra[j], blocksWide, blocksHigh, square: false);
            int r = WindowRadius[j];
            for (int by = 0; by < blocksHigh; by++)
            for (int bx = 0; bx < blocksWide; bx++)
            {
                int x0 = Math.Max(0, bx - r), x1 = Math.Min(blocksWide, bx + r + 1);
                int y0 = Math.Max(0, by - r), y1 = Math.Min(blocksHigh, by + r + 1);
                double count = (x1 - x0) * (y1 - y0);
                double m = Box(meanSums, blocksWide, x0, y0, x1, y1) / count;
                double between = Math.Max(0, Box(meanSquares, blocksWide, x0, y0, x1, y1) / count - m * m);
                double within = Box(intraSums, blocksWide, x0, y0, x1, y1) / count;
                gain[(by * blocksWide + bx) * Scales + j] = (float)(1.0 / (64.0 * (2.0 * (within + between) + BlockWeights.C2)));
            }
        }
    }

    /// <summary>The 64 per-coefficient costs (zig-zag) of block <paramref name="block"/>, times <paramref name="scale"/>, plus <paramref name="floor"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Weights(int block, Span<float> weights, float scale = 1, float floor = 0)
    {
        var g = _gain.AsSpan(block * Scales, Scales);
        float g0 = g[0] * scale, g1 = g[1] * scale, g2 = g[2] * scale, g3 = g[3] * scale, g4 = g[4] * scale;
        var w = Weighted;
        int width = Vector<float>.Count;
        var f = new Vector<float>(floor);
        for (int k = 0; k < 64; k += width)
        {
            var acc = f + new Vector<float>(w, k) * g0 + new Vector<float>(w, 64 + k) * g1 + new Vector<float>(w, 128 + k) * g2
                + new Vector<float>(w, 192 + k) * g3 + new Vector<float>(w, 256 + k) * g4;
            acc.CopyTo(weights.Slice(k));
        }
    }

    /// <summary>The block's cost of a unit of error spread evenly over its coefficients (for normalising).</summary>
    public float Mean(int block)
    {
        var g = _gain.AsSpan(block * Scales, Scales);
        float sum = 0;
        for (int j = 0; j < Scales; j++) sum += g[j] * WeightedSums[j];
        return sum / 64;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        int width = Vector<float>.Count;
        var acc = Vector<float>.Zero;
        for (int k = 0; k < 64; k += width) acc += new Vector<float>(a.Slice(k)) * new Vector<float>(b.Slice(k));
        return Vector.Sum(acc);
    }

    private static float[] Flatten(float[][] rows) => rows.SelectMany(r => r).ToArray();

    /// <summary>
    /// f_j(k) = 4^(j-1) x (energy of the unit-energy basis image k after 2^(j-1) box averaging): 1 for every k at
    /// scale 1, 1 for the block mean at every scale. At scale 5 a pixel averages 2x2 blocks, whose mean errors
    /// are taken as independent: a quarter of the block mean's energy.
    /// </summary>
    private static float[][] BuildSurvival(bool weighted)
    {
        var result = new float[Scales][];
        var zz = ZigZag.ToNatural;
        for (int j = 0; j < Scales; j++)
        {
            result[j] = new float[64];
            int f = Math.Min(8, 1 << j);
            for (int k = 0; k < 64; k++)
            {
                int u = zz[k] % 8, v = zz[k] / 8;
                double energy = 0;
                for (int sy = 0; sy < 8; sy += f)
                for (int sx = 0; sx < 8; sx += f)
                {
                    double sum = 0;
                    for (int y = sy; y < sy + f; y++)
                    for (int x = sx; x < sx + f; x++)
                        sum += Basis(u, x) * Basis(v, y);
                    double mean = sum / (f * f);
                    energy += mean * mean;
                }
                double survival = energy * f * f * (j == Scales - 1 ? 0.25 : 1.0);
                result[j][k] = (float)(weighted ? ScaleWeights[j] * survival : survival);
            }
        }
        return result;
    }

    private static double Basis(int u, int x) =>
        (u == 0 ? Math.Sqrt(1.0 / 8) : Math.Sqrt(2.0 / 8)) * Math.Cos((2 * x + 1) * u * Math.PI / 16);

    private static double[] Normalised(double[] w)
    {
        double sum = w.Sum();
        return w.Select(v => v / sum).ToArray();
    }

    private static double[] Integral(double[] values, int w, int h, bool square)
    {
        var s = new double[(w + 1) * (h + 1)];
        for (int y = 0; y < h; y++)
        {
            double row = 0;
            for (int x = 0; x < w; x++)
            {
                double v = values[y * w + x];
                row += square ? v * v : v;
                s[(y + 1) * (w + 1) + x + 1] = s[y * (w + 1) + x + 1] + row;
            }
        }
        return s;
    }

    private static double Box(double[] s, int w, int x0, int y0, int x1, int y1) =>
        s[y1 * (w + 1) + x1] - s[y0 * (w + 1) + x1] - s[y1 * (w + 1) + x0] + s[y0 * (w + 1) + x0];
}
