namespace SemanticJpeg.Jpeg.Components;

/// <summary>
/// The one scan of a baseline file (T.81 A.2.3): every component interleaved over whole MCUs, each block coded by
/// <see cref="ScanEncoder"/> with its component's tables (slots 2t, 2t + 1), DC predictors reset at each restart.
/// </summary>
internal static class BaselineScanCoder
{
    public static void Code<TSink>(ref TSink sink, FrameLayout layout, QuantizedImage q, int restart)
        where TSink : struct, IEntropySink
    {
        var comps = layout.Components;
        Span<int> lastDc = stackalloc int[comps.Length];
        lastDc.Clear();
        for (int my = 0, mcu = 0; my < layout.McusHigh; my++)
        {
            for (int mx = 0; mx < layout.McusWide; mx++, mcu++)
            {
                if (restart > 0 && mcu > 0 && mcu % restart == 0)
                {
                    sink.Restart();
                    lastDc.Clear();
                }
                for (int c = 0; c < comps.Length; c++)
                {
                    var comp = comps[c];
                    var levels = q.Levels[c];
                    var masks = q.Masks[c];
                    int dcSlot = ScanEncoder.DcSlot(comp.Table), acSlot = ScanEncoder.AcSlot(comp.Table);
                    for (int v = 0; v < comp.V; v++)
                    {
                        int row = (my * comp.V + v) * comp.BlocksWide;
                        for (int h = 0; h < comp.H; h++)
                        {
                            int b = row + mx * comp.H + h;
                            lastDc[c] = ScanEncoder.Code(ref sink, levels.AsSpan(b * 64, 64), masks[b], lastDc[c], dcSlot, acSlot);
                        }
                    }
                }
            }
        }
    }
}
