using SemanticJpeg.Jpeg.Components;
using SemanticJpeg.Jpeg.Progressive;

namespace SemanticJpeg.Jpeg;

/// <summary>
/// The one place that owns a file's marker sequence (T.81 B.2): SOI, the metadata segments, DQT, SOF and DRI
/// (<see cref="MarkerWriter.WriteFrameStart"/>), then each scan of the list as its DHT segments, SOS and
/// entropy-coded data (coded into a <see cref="WritingSink"/> by the same coders that counted it), then EOI. A
/// baseline file is a list of one scan (<see cref="BaselineScanCoder"/>); a progressive file a searched list
/// (<see cref="ScanSearch"/>).
/// </summary>
internal static class JpegFrameWriter
{
    /// <summary>
    /// Every marker byte of a file except its scans (DHT, SOS, data), whose sizes depend on the tables: the rate
    /// controller adds those from symbol counts.
    /// </summary>
    public static int HeaderBytes(FrameLayout layout, JpegWriterOptions options, bool progressive)
    {
        var w = new BitWriter(1024);
        var dummy = new ushort[64];
        MarkerWriter.WriteFrameStart(w, layout, [dummy, dummy], options, progressive);
        MarkerWriter.WriteEoi(w);
        return w.Length;
    }

    /// <summary>A baseline file: one interleaved scan with these DC and AC tables (per table index).</summary>
    public static byte[] WriteBaseline(FrameLayout layout, ushort[][] tables, JpegWriterOptions options, QuantizedImage q,
        HuffmanSpec[] dc, HuffmanSpec[] ac, long scanBits)
    {
        int tableCount = layout.IsGrey ? 1 : 2;
        var w = new BitWriter((int)Math.Min(int.MaxValue / 2, HeaderBytes(layout, options, false) + scanBits / 8 * 102 / 100 + 4096));
        MarkerWriter.WriteFrameStart(w, layout, tables, options, progressive: false);
        var slots = new HuffmanSpec[2 * tableCount];
        for (int t = 0; t < tableCount; t++)
        {
            MarkerWriter.WriteDht(w, dc[t], 0, t);
            MarkerWriter.WriteDht(w, ac[t], 1, t);
            slots[ScanEncoder.DcSlot(t)] = dc[t];
            slots[ScanEncoder.AcSlot(t)] = ac[t];
        }
        MarkerWriter.WriteSos(w, layout);
        var sink = new WritingSink(w, slots);
        BaselineScanCoder.Code(ref sink, layout, q, options.RestartInterval);
        w.FlushBits();
        MarkerWriter.WriteEoi(w);
        return w.ToArray();
    }

    /// <summary>A progressive file: the plan's scans, each with its own optimal tables.</summary>
    public static byte[] WriteProgressive(FrameLayout layout, ushort[][] tables, JpegWriterOptions options, QuantizedImage q, ProgressivePlan plan)
    {
        var w = new BitWriter((int)Math.Min(int.MaxValue / 2, plan.EstimateBytes(0.01) + 4096));
        MarkerWriter.WriteFrameStart(w, layout, tables, options, progressive: true);
        foreach (var scan in plan.Scans)
        {
            int tableClass = scan.Scan.IsDc ? 0 : 1;
            for (int s = 0; s < scan.Tables.Length; s++)
                MarkerWriter.WriteDht(w, scan.Tables[s], tableClass, scan.TableIds[s]);
            MarkerWriter.WriteSos(w, layout, scan.Scan, scan.TableIds, scan.Slots);
            var sink = new WritingSink(w, scan.Tables);
            ScanCoder.Code(ref sink, layout, q, scan.Scan, scan.Slots, options.RestartInterval);
            w.FlushBits();
        }
        MarkerWriter.WriteEoi(w);
        return w.ToArray();
    }
}
