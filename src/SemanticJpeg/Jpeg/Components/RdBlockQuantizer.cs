using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
/// fewer; mozjpeg keeps one per category) and 1; zero is a longer run. A candidate whose extra error exceeds
/// the largest saving in symbol bits is skipped, and the others share one walk over the predecessors.
/// Positions that round to zero only ever extend runs. With n non-zero rounded levels the search is O(n^2).
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

    /// <summary>
    /// Largest difference in bits between two run/size symbols' prices (every code is priced 1 to
    /// <see cref="RdPlan.MaxPricedCodeLength"/> bits), with a margin for float rounding.
    /// </summary>
    private const float MaxSymbolGap = RdPlan.MaxPricedCodeLength - 1 + 0.5f;

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
        Debug.Assert(x.Length >= 64 && weight.Length >= 64 && acBits.Length >= 256 && levels.Length >= 64);
        Span<float> zeroDist = stackalloc float[64];   // prefix sums: weighted error of coding positions 1..k as 0
        Span<byte> bestPrev = stackalloc byte[64];
        Span<short> bestLevel = stackalloc short[64];
        Span<byte> live = stackalloc byte[64];         // positions that may be non-zero, in order
        // Per live position li (position live[li]): the cost of positions 1..live[li] with it the last non-zero,
        // zeroDist there, and the prefix minimum of the costs (the predecessor walk's bound).
        Span<float> liveBest = stackalloc float[64];
        Span<float> liveZero = stackalloc float[64];
        Span<float> liveMin = stackalloc float[64];
        int liveCount = 0;

        // Weighted squared values and the positions that round to non-zero (eight at a time), then their
        // prefix sums in order, so the sums are the same to the bit as a scalar walk.
        Span<float> energy = stackalloc float[64];
        ulong liveMask = LiveMask(x, weight, energy) & ~1UL;
        if (liveMask == 0)
        {
            // Every AC rounds to zero (a quarter of the blocks at Q75): only the DC is chosen.
            levels.Clear();
            short only = ChooseDc(x[0], weight[0], predictor, dcBits);
            levels[0] = only;
            return only != 0 ? 1UL : 0UL;
        }
        zeroDist[0] = 0;
        for (int k = 1; k < 64; k++) zeroDist[k] = zeroDist[k - 1] + energy[k];
        for (ulong m = liveMask; m != 0; m &= m - 1) live[liveCount++] = (byte)BitOperations.TrailingZeroCount(m);

        int zrl = acBits[0xF0];
        for (int li = 0; li < liveCount; li++)
        {
            int k = live[li];
            float xk = x[k];
            float ax = MathF.Abs(xk);
            int rounded = Math.Min(MaxAc, (int)(ax + 0.5f));
            float wk = weight[k];
            // Candidate magnitudes: rounded, the top of the next smaller category (2^(size-1) - 1), and 1.
            int size = BitLength(rounded);
            float d0 = ax - rounded;
            float own0 = wk * d0 * d0 + size;
            int m1 = (1 << (size - 1)) - 1;
            int s1 = size - 1;
            float d1 = ax - m1, d2 = ax - 1;
            float own1 = wk * d1 * d1 + s1, own2 = wk * d2 * d2 + 1;
            // A smaller magnitude saves at most the code-length gap in the run/size symbol (every code is 1-17
            // bits as priced), so one whose extra error exceeds that can never win: most are skipped.
            bool has1 = m1 > 0 && m1 < rounded && own1 - own0 <= MaxSymbolGap;
            bool has2 = m1 != 1 && rounded > 1 && own2 - own0 <= MaxSymbolGap;

            // Predecessors: every earlier live position, nearest first, one walk for all candidates, then the
            // block start. Every predecessor at or before live position lj costs at least the cheapest path
            // up to lj plus the weighted error of zeroing everything from lj to k plus one code bit, so the
            // walk stops once that bound exceeds what each candidate has already (dense, important blocks
            // stop after a few steps). Ties go to the earlier predecessor, as in a walk from the start.
            float zk = zeroDist[k - 1];
            int start = k - 1; // run from the block start
            int startBits = (start >> 4) * zrl, startIndex = (start & 15) << 4;
            float st0 = (startBits + acBits[startIndex | size]) + zk;
            float st1 = has1 ? (startBits + acBits[startIndex | s1]) + zk : float.MinValue;
            float st2 = has2 ? (startBits + acBits[startIndex | 1]) + zk : float.MinValue;
            float c0 = float.MaxValue, c1 = float.MaxValue, c2 = float.MaxValue;
            float cap = MathF.Max(st0, MathF.Max(st1, st2));
            int from0 = 0, from1 = 0, from2 = 0;
            // Unchecked reads: lj < li < 64, and a symbol index is (run & 15) << 4 | size with size <= 10.
            ref float lb = ref MemoryMarshal.GetReference(liveBest);
            ref float lm = ref MemoryMarshal.GetReference(liveMin);
            ref float lz = ref MemoryMarshal.GetReference(liveZero);
            ref byte lp = ref MemoryMarshal.GetReference(live);
            ref byte bits = ref MemoryMarshal.GetReference(acBits);
            for (int lj = li - 1; lj >= 0; lj--)
            {
                float gap = zk - Unsafe.Add(ref lz, lj);
                if (Unsafe.Add(ref lm, lj) + gap + 1f > cap) break;
                int j = Unsafe.Add(ref lp, lj);
                float t = Unsafe.Add(ref lb, lj) + gap;
                int run = k - j - 1;
                int runBits = (run >> 4) * zrl, index = (run & 15) << 4;
                float v = t + (runBits + Unsafe.Add(ref bits, index | size));
                bool better = false;
                if (v <= c0) { c0 = v; from0 = j; better = true; }
                if (has1)
                {
                    v = t + (runBits + Unsafe.Add(ref bits, index | s1));
                    if (v <= c1) { c1 = v; from1 = j; better = true; }
                }
                if (has2)
                {
                    v = t + (runBits + Unsafe.Add(ref bits, index | 1));
                    if (v <= c2) { c2 = v; from2 = j; better = true; }
                }
                if (better)
                    cap = MathF.Max(MathF.Min(c0, st0), MathF.Max(has1 ? MathF.Min(c1, st1) : float.MinValue, has2 ? MathF.Min(c2, st2) : float.MinValue));
            }
            if (st0 <= c0) { c0 = st0; from0 = 0; }
            if (has1 && st1 <= c1) { c1 = st1; from1 = 0; }
            if (has2 && st2 <= c2) { c2 = st2; from2 = 0; }
            float bestCost = c0 + own0;
            int bestFrom = from0, bestMag = rounded;
            if (has1 && c1 + own1 < bestCost) { bestCost = c1 + own1; bestFrom = from1; bestMag = m1; }
            if (has2 && c2 + own2 < bestCost) { bestCost = c2 + own2; bestFrom = from2; bestMag = 1; }
            liveBest[li] = bestCost;
            liveMin[li] = li == 0 ? bestCost : MathF.Min(liveMin[li - 1], bestCost);
            liveZero[li] = zeroDist[k];
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
            float cost = liveBest[li] + (zeroDist[63] - liveZero[li]) + (j < 63 ? eob : 0);
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

    /// <summary>
    /// <paramref name="energy"/>[k] = weight[k] * x[k]^2; returns the mask of positions with |x[k]| at least 0.5
    /// (bit k = position k).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong LiveMask(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, Span<float> energy)
    {
        ulong mask = 0;
        if (Vector256.IsHardwareAccelerated && x.Length >= 64 && weight.Length >= 64 && energy.Length >= 64)
        {
            ref float rx = ref MemoryMarshal.GetReference(x);
            ref float rw = ref MemoryMarshal.GetReference(weight);
            ref float re = ref MemoryMarshal.GetReference(energy);
            var half = Vector256.Create(0.5f);
            for (nuint i = 0; i < 64; i += 8)
            {
                var vx = Vector256.LoadUnsafe(ref rx, i);
                (Vector256.LoadUnsafe(ref rw, i) * vx * vx).StoreUnsafe(ref re, i);
                mask |= (ulong)Vector256.GreaterThanOrEqual(Vector256.Abs(vx), half).ExtractMostSignificantBits() << (int)i;
            }
            return mask;
        }
        for (int k = 0; k < 64; k++)
        {
            float xk = x[k];
            energy[k] = weight[k] * xk * xk;
            if (MathF.Abs(xk) >= 0.5f) mask |= 1UL << k;
        }
        return mask;
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
