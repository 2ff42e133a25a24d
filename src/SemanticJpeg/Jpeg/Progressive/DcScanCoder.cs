using System.Runtime.CompilerServices;
using SemanticJpeg.Jpeg.Components;

namespace SemanticJpeg.Jpeg.Progressive;

/// <summary>
/// DC scans of a progressive frame (T.81 G.1.2.1). The first scan codes the point-transformed DC, DC >> Al (an
/// arithmetic shift, A.4), as differences from the previous block of the same component, with the baseline DC
/// categories (F.1.2.1); predictors reset at each restart. A refinement scan sends bit Al of each DC as one raw
/// bit, no Huffman code. Scans of several components are interleaved over whole MCUs (A.2.3); a scan of one
/// component walks that component's own block grid (A.2.2).
/// </summary>
internal static class DcScanCoder
{
    /// <summary>Codes one DC scan; <paramref name="slots"/> gives the Huffman table slot of each scan component.</summary>
    public static void Code<TSink>(ref TSink sink, FrameLayout layout, QuantizedImage q, ScanSpec scan, int[] slots, int restart)
        where TSink : struct, IEntropySink
    {
        if (scan.Components.Length == 1)
        {
            int c = scan.Components[0];
            int bw = ScanGeometry.RealBlocksWide(layout, c), bh = ScanGeometry.RealBlocksHigh(layout, c);
            int stride = layout.Components[c].BlocksWide;
            var levels = q.Levels[c];
            int pred = 0, unit = 0;
            for (int by = 0; by < bh; by++)
            for (int bx = 0; bx < bw; bx++, unit++)
            {
                if (restart > 0 && unit > 0 && unit % restart == 0)
                {
                    sink.Restart();
                    pred = 0;
                }
                int dc = levels[(by * stride + bx) * 64];
                pred = Block(ref sink, dc, pred, scan, slots[0]);
            }
            return;
        }

        Span<int> preds = stackalloc int[scan.Components.Length];
        preds.Clear();
        for (int my = 0, mcu = 0; my < layout.McusHigh; my++)
        for (int mx = 0; mx < layout.McusWide; mx++, mcu++)
        {
            if (restart > 0 && mcu > 0 && mcu % restart == 0)
            {
                sink.Restart();
                preds.Clear();
            }
            for (int i = 0; i < scan.Components.Length; i++)
            {
                int c = scan.Components[i];
                var comp = layout.Components[c];
                var levels = q.Levels[c];
                for (int v = 0; v < comp.V; v++)
                {
                    int row = (my * comp.V + v) * comp.BlocksWide + mx * comp.H;
                    for (int h = 0; h < comp.H; h++)
                        preds[i] = Block(ref sink, levels[(row + h) * 64], preds[i], scan, slots[i]);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Block<TSink>(ref TSink sink, int dc, int pred, ScanSpec scan, int slot) where TSink : struct, IEntropySink
    {
        if (scan.IsRefinement)
        {
            // G.1.2.1: the bit of the unshifted value at position Al (two's complement, so arithmetic shift).
            sink.Bits((uint)(dc >> scan.Al) & 1, 1);
            return pred;
        }
        int value = dc >> scan.Al;
        int diff = value - pred;
        int nb = ScanEncoder.BitLength(diff);
        sink.Symbol(slot, nb);
        // F.1.2.1: negative differences as (diff - 1) in nb bits.
        if (nb > 0) sink.Bits((uint)((diff < 0 ? diff - 1 : diff) & ((1 << nb) - 1)), nb);
        return value;
    }
}
