using System.Numerics;
using System.Runtime.CompilerServices;

namespace SemanticJpeg.Jpeg.Components;

/// <summary>
/// Baseline sequential Huffman coding of quantised blocks (T.81 F.1.2): DC differences, then AC run/size
/// symbols with ZRL and EOB. The same walk either counts symbols (<see cref="Count"/>) or writes bits
/// (<see cref="Encode"/>), so statistics and output can never disagree.
/// </summary>
internal static class ScanEncoder
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int BitLength(int v) => 32 - BitOperations.LeadingZeroCount((uint)Math.Abs(v));

    /// <summary>Adds the symbols of one block; returns its DC as the next predictor.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Count(ReadOnlySpan<short> zz, ulong mask, int lastDc, long[] dcCounts, long[] acCounts, ref long extraBits)
    {
        int dc = zz[0];
        int nb = BitLength(dc - lastDc);
        dcCounts[nb]++;
        long extra = nb;
        ulong m = mask & ~1UL;
        int last = 0;
        while (m != 0)
        {
            int k = BitOperations.TrailingZeroCount(m);
            int run = k - last - 1;
            while (run >= 16) { acCounts[0xF0]++; run -= 16; }
            int size = BitLength(zz[k]);
            acCounts[(run << 4) | size]++;
            extra += size;
            last = k;
            m &= m - 1;
        }
        if (last != 63) acCounts[0]++;
        extraBits += extra;
        return dc;
    }

    /// <summary>Writes one block; returns its DC as the next predictor.</summary>
    public static int Encode(BitWriter w, ReadOnlySpan<short> zz, ulong mask, int lastDc, HuffmanSpec dcTable, HuffmanSpec acTable)
    {
        int dc = zz[0];
        int diff = dc - lastDc;
        int nb = BitLength(diff);
        // F.1.2.1: negative values are sent as (value - 1) in nb bits, i.e. ones' complement.
        w.PutBits(((uint)dcTable.Codes[nb] << nb) | (uint)((diff < 0 ? diff - 1 : diff) & ((1 << nb) - 1)), dcTable.Lengths[nb] + nb);
        var codes = acTable.Codes;
        var lengths = acTable.Lengths;
        ulong m = mask & ~1UL;
        int last = 0;
        while (m != 0)
        {
            int k = BitOperations.TrailingZeroCount(m);
            int run = k - last - 1;
            while (run >= 16) { w.PutBits(codes[0xF0], lengths[0xF0]); run -= 16; }
            int v = zz[k];
            int size = BitLength(v);
            int sym = (run << 4) | size;
            w.PutBits(((uint)codes[sym] << size) | (uint)((v < 0 ? v - 1 : v) & ((1 << size) - 1)), lengths[sym] + size);
            last = k;
            m &= m - 1;
        }
        if (last != 63) w.PutBits(codes[0], lengths[0]);
        return dc;
    }
}
