using SemanticJpeg.Jpeg.Components;

namespace SemanticJpeg.Jpeg.Progressive;

/// <summary>Runs the coder a scan needs (DC first/refine, AC first, AC refine) into a sink.</summary>
internal static class ScanCoder
{
    /// <summary>Huffman table slots of the scan's components: DC scans may give components separate tables.</summary>
    public static void Code<TSink>(ref TSink sink, FrameLayout layout, QuantizedImage q, ScanSpec scan, int[] slots, int restart)
        where TSink : struct, IEntropySink
    {
        if (scan.IsDc)
        {
            DcScanCoder.Code(ref sink, layout, q, scan, slots, restart);
            return;
        }
        int c = scan.Components[0];
        int stride = layout.Components[c].BlocksWide;
        int bw = ScanGeometry.RealBlocksWide(layout, c), bh = ScanGeometry.RealBlocksHigh(layout, c);
        if (scan.IsRefinement)
            AcRefineCoder.Code(ref sink, q.Levels[c], q.Masks[c], stride, bw, bh, scan.Ss, scan.Se, scan.Al, restart);
        else
            AcFirstCoder.Code(ref sink, q.Levels[c], q.Masks[c], stride, bw, bh, scan.Ss, scan.Se, scan.Al, restart);
    }

    /// <summary>Counts one scan: symbol frequencies per slot, raw bits, restart markers.</summary>
    public static CountingSink Count(FrameLayout layout, QuantizedImage q, ScanSpec scan, int[] slots, int slotCount, int restart)
    {
        var sink = new CountingSink(slotCount);
        Code(ref sink, layout, q, scan, slots, restart);
        return sink;
    }
}
