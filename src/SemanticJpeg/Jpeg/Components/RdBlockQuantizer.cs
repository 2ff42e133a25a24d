using System.Numerics;
using System.Runtime.CompilerServices;

namespace SemanticJpeg.Jpeg.Components;

/// <summary>
/// Rate-distortion quantisation of one block: the levels that minimise
/// <c>sum_k weight[k] * (x[k] - level[k])^2 + bits</c>, the bits counted with the image's own Huffman code
/// lengths (run/size symbols, ZRL, EOB, magnitude bits, and the DC difference against its predictor).
/// In the manner of mozjpeg's <c>quantize_trellis</c> (jcdctmgr.c) and jpegli's <c>QuantizeBlock</c>.
/// </summary>
/// <remarks>
/// <para>
/// The AC search is a shortest path over zig-zag positions. The cost of a symbol depends only on the run since
/// the previous non-zero level and on the size of the current one, so the state "position of the last
/// non-zero level" is exact: one best cost per position, minimised over that position's candidate levels.
/// Candidates are the rounded magnitude, the largest magnitude of the next smaller size category (one bit
/// fewer; mozjpeg keeps one per category) and 1; zero is a longer run. Positions that round to zero only ever
/// extend runs. With n non-zero rounded levels the search is O(n^2).
/// </para>
/// <para>
/// The weights carry lambda and the block's importance: <c>weight[k] = w_b * c * Q_k^2 / lambda</c>, i.e. bits
/// per unit of squared error in file steps, so the squared error is measured on the real (orthonormal) DCT
/// coefficients, which is the pixel error. A block with a small weight buys bits back with error.
/// </para>
/// </remarks>
[SkipLocalsInit]
internal static class RdBlockQuantizer
{
    /// <summary>Baseline AC magnitudes are at most 10 bits (T.81 F.1.2.2, Table F.2).</summary>
    private const int MaxAc = 1023;

    /// <summary>Quantises one block; returns the non-zero mask (bit k = zig-zag position k).</summary>
    /// <param name="x">Coefficients in units of the file's step (coefficient / table entry), zig-zag order.</param>
    /// <param name="weight">Bits per squared file step at each zig-zag position (lambda and importance folded in).</param>
    /// <param name="acBits">Code length of each AC symbol (run &lt;&lt; 4 | size), unusable symbols priced high.</param>
    /// <param name="dcBits">Code length of each DC size category.</param>
    /// <param name="predictor">The previous block's DC level of this component (T.81 F.1.1.5.1).</param>
    /// <param name="levels">Out: the chosen levels.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ulong Quantize(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<byte> acBits, ReadOnlySpan<byte> dcBits,
        int predictor, Span<short> levels)
    {
        Span<float> zeroDist = stackalloc float[64];   // prefix sums: weighted error of coding positions 1..k as 0
        Span<float> best = stackalloc float[64];       // best[j]: cost of positions 1..j with position j the last non-zero
        Span<byte> bestPrev = stackalloc byte[64];
        Span<short> bestLevel = stackalloc short[64];
        Span<byte> live = stackalloc byte[64];         // positions that may be non-zero, in order
        int liveCount = 0;

        zeroDist[0] = 0;
        for (int k = 1; k < 64; k++)
        {
            float xk = x[k];
            zeroDist[k] = zeroDist[k - 1] + weight[k] * xk * xk;
            if (MathF.Abs(xk) >= 0.5f) live[liveCount++] = (byte)k;
        }

        int zrl = acBits[0xF0];
        best[0] = 0;
        for (int li = 0; li < liveCount; li++)
        {
            int k = live[li];
            float xk = x[k];
            float ax = MathF.Abs(xk);
            int rounded = Math.Min(MaxAc, (int)(ax + 0.5f));
            float wk = weight[k];
            float bestCost = float.MaxValue;
            int bestFrom = 0;
            int bestMag = rounded;
            int size = BitLength(rounded);
            // Candidate magnitudes: rounded, the top of the next smaller category (2^(size-1) - 1), and 1.
            for (int c = 0; c < 3; c++)
            {
                int m = c switch { 0 => rounded, 1 => (1 << (size - 1)) - 1, _ => 1 };
                if (m <= 0 || (c > 0 && m >= rounded) || (c == 2 && m == (1 << (size - 1)) - 1)) continue;
                int s = BitLength(m);
                float d = ax - m;
                float own = wk * d * d + s;
                // Predecessors: the block start (0) and every earlier live position.
                float cost = RunCost(0, k, s, acBits, zrl) + zeroDist[k - 1];
                int from = 0;
                for (int lj = 0; lj < li; lj++)
                {
                    int j = live[lj];
                    float cj = best[j] + (zeroDist[k - 1] - zeroDist[j]) + RunCost(j, k, s, acBits, zrl);
                    if (cj < cost) { cost = cj; from = j; }
                }
                cost += own;
                if (cost < bestCost) { bestCost = cost; bestFrom = from; bestMag = m; }
            }
            best[k] = bestCost;
            bestPrev[k] = (byte)bestFrom;
            bestLevel[k] = (short)(xk < 0 ? -bestMag : bestMag);
        }

        // End of block: after the last non-zero level, EOB (unless it is position 63) and the rest as zeros.
        int eob = acBits[0x00];
        float total = zeroDist[63] + eob;
        int end = 0;
        for (int li = 0; li < liveCount; li++)
        {
            int j = live[li];
            float cost = best[j] + (zeroDist[63] - zeroDist[j]) + (j < 63 ? eob : 0);
            if (cost < total) { total = cost; end = j; }
        }

        levels.Clear();
        ulong mask = 0;
        for (int j = end; j > 0; j = bestPrev[j])
        {
            levels[j] = bestLevel[j];
            mask |= 1UL << j;
        }

        short dc = ChooseDc(x[0], weight[0], predictor, dcBits);
        levels[0] = dc;
        if (dc != 0) mask |= 1UL;
        return mask;
    }

    /// <summary>Bits of the symbol that codes a level of size <paramref name="size"/> at k after a non-zero at j.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float RunCost(int j, int k, int size, ReadOnlySpan<byte> acBits, int zrl)
    {
        int run = k - j - 1;
        return (run >> 4) * zrl + acBits[((run & 15) << 4) | size];
    }

    /// <summary>
    /// DC by the same cost: the two levels either side of the true value and, when it lies within two steps,
    /// the predictor itself (a zero difference costs only the category-0 code). Differential coding makes the
    /// choice depend on the previous block, so it is greedy along the scan, as in mozjpeg without its DC trellis.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static short ChooseDc(float x0, float weight, int predictor, ReadOnlySpan<byte> dcBits)
    {
        int lo = (int)MathF.Floor(x0), hi = lo + 1;
        int best = lo;
        float bestCost = DcCost(lo, x0, weight, predictor, dcBits);
        float c = DcCost(hi, x0, weight, predictor, dcBits);
        if (c < bestCost) { bestCost = c; best = hi; }
        if (MathF.Abs(predictor - x0) < 2f && predictor != lo && predictor != hi)
        {
            c = DcCost(predictor, x0, weight, predictor, dcBits);
            if (c < bestCost) best = predictor;
        }
        return (short)best;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float DcCost(int level, float x0, float weight, int predictor, ReadOnlySpan<byte> dcBits)
    {
        int sz = BitLength(level - predictor);
        float e = x0 - level;
        return dcBits[sz] + sz + weight * e * e;
    }

    /// <summary>Plain squared error of the chosen levels, in squared file steps weighted by <paramref name="stepSquared"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float SquaredError(ReadOnlySpan<float> x, ReadOnlySpan<short> levels, ReadOnlySpan<float> stepSquared)
    {
        float sum = 0;
        for (int k = 0; k < 64; k++)
        {
            float e = x[k] - levels[k];
            sum += stepSquared[k] * e * e;
        }
        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int BitLength(int v) => 32 - BitOperations.LeadingZeroCount((uint)Math.Abs(v));
}
