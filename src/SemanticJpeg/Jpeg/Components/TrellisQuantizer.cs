using System.Runtime.CompilerServices;
using System.Numerics;

namespace SemanticJpeg.Jpeg.Components;

/// <summary>
/// Rate-distortion quantisation of one block's AC coefficients, in the spirit of mozjpeg's
/// <c>quantize_trellis</c>: a Viterbi search over zig-zag positions whose state is "the last non-zero
/// coefficient", minimising <c>Huffman bits + sum of weight[k] * (x[k] - level[k])^2</c>. The weights carry the
/// block's lambda, so an unimportant block (small weights) buys bits back with distortion more readily.
/// </summary>
/// <remarks>
/// Candidates per position are the rounded level, the next one towards zero where that saves a size category,
/// or zero (a longer run);
/// positions that round to zero only ever extend runs, which keeps the state count to the handful of
/// coefficients that matter. Bit costs come from code lengths (Annex K tables: the image's own are not known
/// yet when quantising, and K.3 ranks symbols close enough). DC has its own choice (<see cref="ChooseDc"/>).
/// </remarks>
[SkipLocalsInit] // the scratch arrays are written before they are read; zeroing 2 KB per block showed in profiles
internal static class TrellisQuantizer
{
    private const int MaxStates = 1 + 2 * 63;

    /// <param name="x">Coefficients in units of the file's step (coef * reciprocal), zig-zag order.</param>
    /// <param name="weight">Distortion weight per zig-zag position, lambda included.</param>
    /// <param name="acLengths">Code length per AC symbol (run &lt;&lt; 4 | size).</param>
    /// <param name="levels">In: the rounded levels (DC kept). Out: the chosen levels.</param>
    /// <param name="minCodeBits">
    /// Optional pruning (see <see cref="MinCodeBits"/>): a coefficient whose coding could not save as much
    /// distortion as its cheapest possible code costs is zeroed without entering the search. Not exact (a
    /// coefficient can shorten the next symbol's run), but it removes most states in coarse blocks, whose
    /// search is otherwise quadratic in their many small non-zero levels.
    /// </param>
    /// <returns>Non-zero mask of the chosen levels.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ulong Quantize(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<byte> acLengths, Span<short> levels, ReadOnlySpan<byte> minCodeBits = default)
    {
        bool prune = !minCodeBits.IsEmpty;
        Span<float> zeroDist = stackalloc float[64]; // prefix sums of the cost of zeroing positions 1..k
        Span<int> statePos = stackalloc int[MaxStates];
        Span<short> stateLevel = stackalloc short[MaxStates];
        Span<float> stateCost = stackalloc float[MaxStates];
        Span<int> statePrev = stackalloc int[MaxStates];

        zeroDist[0] = 0;
        for (int k = 1; k < 64; k++) zeroDist[k] = zeroDist[k - 1] + weight[k] * x[k] * x[k];

        int zrl = acLengths[0xF0];
        statePos[0] = 0; stateLevel[0] = 0; stateCost[0] = 0; statePrev[0] = -1;
        int n = 1;
        for (int k = 1; k < 64; k++)
        {
            int r = levels[k];
            if (r == 0) continue;
            int magnitude = Math.Abs(r);
            if (prune)
            {
                // Largest distortion saving any non-zero choice can make: coding the rounded level exactly.
                float xr = x[k], e = xr - r;
                float gain = weight[k] * (xr * xr - e * e);
                if (gain < minCodeBits[32 - BitOperations.LeadingZeroCount((uint)magnitude)]) continue;
            }
            int first = n;
            // One lower only pays when it drops a size category (magnitude a power of two): within a category
            // the bits are the same and the rounded level is closer.
            int candidates = magnitude > 1 && (magnitude & (magnitude - 1)) == 0 ? 2 : 1;
            for (int c = 0; c < candidates; c++)
            {
                int m = magnitude - c;
                short level = (short)(r < 0 ? -m : m);
                int size = 32 - BitOperations.LeadingZeroCount((uint)m);
                float d = x[k] - level;
                float own = weight[k] * d * d + size;
                float best = float.MaxValue;
                int bestPrev = 0;
                for (int s = 0; s < first; s++)
                {
                    int j = statePos[s];
                    int run = k - j - 1;
                    float cost = stateCost[s] + (zeroDist[k - 1] - zeroDist[j])
                                 + (run >> 4) * zrl + acLengths[((run & 15) << 4) | size];
                    if (cost < best) { best = cost; bestPrev = s; }
                }
                statePos[n] = k; stateLevel[n] = level; stateCost[n] = best + own; statePrev[n] = bestPrev;
                n++;
            }
        }

        int eob = acLengths[0x00];
        float total = float.MaxValue;
        int end = 0;
        for (int s = 0; s < n; s++)
        {
            int j = statePos[s];
            float cost = stateCost[s] + (zeroDist[63] - zeroDist[j]) + (j < 63 ? eob : 0);
            if (cost < total) { total = cost; end = s; }
        }

        levels[1..].Clear();
        ulong mask = levels[0] != 0 ? 1UL : 0UL;
        for (int s = end; s > 0; s = statePrev[s])
        {
            levels[statePos[s]] = stateLevel[s];
            mask |= 1UL << statePos[s];
        }
        return mask;
    }

    /// <summary>Per size category 1..10: the fewest bits any run/size symbol of that size costs, magnitude bits included.</summary>
    public static byte[] MinCodeBits(ReadOnlySpan<byte> acLengths)
    {
        var min = new byte[16];
        for (int size = 1; size <= 10; size++)
        {
            int best = int.MaxValue;
            for (int run = 0; run < 16; run++)
            {
                int len = acLengths[(run << 4) | size];
                if (len > 0) best = Math.Min(best, len);
            }
            // The smaller category (size - 1) is also an option for the level one lower: use its bound to stay safe.
            min[size] = (byte)Math.Min(255, best + size);
        }
        for (int size = 2; size <= 10; size++) min[size] = Math.Min(min[size], min[size - 1]);
        return min;
    }

    /// <summary>
    /// DC of a coarser block: any level within half the block's own DC step of the true value is as accurate as
    /// that block's quality asks for, so pick among the rounded level, the one nearest the predictor (often a zero
    /// difference) and the nearest one a size category smaller, by the same bits + weighted error cost.
    /// </summary>
    public static short ChooseDc(float x0, int rounded, int predictor, float stepRatio, float weight, byte[] dcLengths)
    {
        float lo = x0 - 0.5f * stepRatio, hi = x0 + 0.5f * stepRatio;
        int best = rounded;
        float bestCost = DcCost(rounded);
        int nearPred = (int)Math.Clamp(predictor, MathF.Ceiling(lo), MathF.Floor(hi));
        Consider(nearPred);
        int diff = rounded - predictor;
        int size = 32 - BitOperations.LeadingZeroCount((uint)Math.Abs(diff));
        if (size > 1)
        {
            int smaller = predictor + Math.Sign(diff) * ((1 << (size - 1)) - 1);
            if (smaller >= lo && smaller <= hi) Consider(smaller);
        }
        return (short)best;

        float DcCost(int level)
        {
            int d = level - predictor;
            int sz = 32 - BitOperations.LeadingZeroCount((uint)Math.Abs(d));
            float e = x0 - level;
            return dcLengths[sz] + sz + weight * e * e;
        }

        void Consider(int level)
        {
            float c = DcCost(level);
            if (c < bestCost) { bestCost = c; best = level; }
        }
    }
}
