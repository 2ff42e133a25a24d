using System.Numerics;
using System.Runtime.CompilerServices;

namespace SemanticJpeg.Jpeg.Components;

/// <summary>
/// Baseline sequential Huffman coding of one quantised block (T.81 F.1.2): the DC difference, then AC run/size
/// symbols with ZRL and EOB, into an <see cref="IEntropySink"/>. The quantisation pass counts with it, the
/// baseline scan (<see cref="BaselineScanCoder"/>) writes with it, so statistics and output can never disagree.
/// </summary>
internal static class ScanEncoder
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int BitLength(int v) => 32 - BitOperations.LeadingZeroCount((uint)Math.Abs(v));

    /// <summary>
    /// Codes one block with the Huffman slots <paramref name="dcSlot"/> and <paramref name="acSlot"/>; returns
    /// its DC as the next predictor.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Code<TSink>(ref TSink sink, ReadOnlySpan<short> zz, ulong mask, int lastDc, int dcSlot, int acSlot)
        where TSink : struct, IEntropySink
    {
        int dc = zz[0];
        int diff = dc - lastDc;
        int nb = BitLength(diff);
        sink.Symbol(dcSlot, nb);
        // F.1.2.1: negative values are sent as (value - 1) in nb bits, i.e. ones' complement.
        sink.Bits((uint)((diff < 0 ? diff - 1 : diff) & ((1 << nb) - 1)), nb);
        ulong m = mask & ~1UL;
        int last = 0;
        while (m != 0)
        {
            int k = BitOperations.TrailingZeroCount(m);
            int run = k - last - 1;
            while (run >= 16) { sink.Symbol(acSlot, 0xF0); run -= 16; }
            int v = zz[k];
            int size = BitLength(v);
            sink.Symbol(acSlot, (run << 4) | size);
            sink.Bits((uint)((v < 0 ? v - 1 : v) & ((1 << size) - 1)), size);
            last = k;
            m &= m - 1;
        }
        if (last != 63) sink.Symbol(acSlot, 0);
        return dc;
    }

    /// <summary>The Huffman slots of a baseline scan: DC table t is slot 2t, AC table t slot 2t + 1.</summary>
    public static int DcSlot(int table) => 2 * table;

    /// <inheritdoc cref="DcSlot"/>
    public static int AcSlot(int table) => 2 * table + 1;
}
