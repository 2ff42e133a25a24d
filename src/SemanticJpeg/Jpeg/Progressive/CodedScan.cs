using SemanticJpeg.Jpeg.Components;

namespace SemanticJpeg.Jpeg.Progressive;

/// <summary>
/// A scan with everything needed to write it: its optimal Huffman tables (T.81 K.2, one per slot, none for a DC
/// refinement), the slot each component uses, the DHT table ids, and its exact size in bits and bytes.
/// </summary>
internal sealed class CodedScan
{
    private CodedScan(ScanSpec scan, int[] slots, HuffmanSpec[] tables, int[] tableIds, long dataBits, int restarts)
    {
        Scan = scan;
        Slots = slots;
        Tables = tables;
        TableIds = tableIds;
        DataBits = dataBits;
        Restarts = restarts;
    }

    public ScanSpec Scan { get; }
    public int[] Slots { get; }
    public HuffmanSpec[] Tables { get; }
    public int[] TableIds { get; }

    /// <summary>Entropy-coded bits, without padding and stuffing.</summary>
    public long DataBits { get; }

    public int Restarts { get; }

    /// <summary>
    /// Bytes this scan adds to the file: its DHT segments, SOS and data with the final byte padded. Exact except
    /// the 0x00 stuffed after 0xFF data bytes and the padding before restart markers (counted as 0.44 bytes each,
    /// as the baseline estimate does).
    /// </summary>
    public double Bytes
    {
        get
        {
            double bytes = MarkerWriter.SosBytes(Scan.Components.Length) + (DataBits + 7) / 8 + Restarts * (2 + 0.44);
            foreach (var t in Tables) bytes += 4 + t.SegmentBytes;
            return bytes;
        }
    }

    /// <summary>Counts the scan and builds its optimal tables. <paramref name="slots"/>: table slot per component.</summary>
    public static CodedScan Build(FrameLayout layout, QuantizedImage q, ScanSpec scan, int[] slots, int restart)
    {
        int slotCount = scan.UsesHuffman ? slots.Max() + 1 : 0;
        var sink = ScanCoder.Count(layout, q, scan, slots, Math.Max(1, slotCount), restart);
        return FromCounts(layout, scan, slots, sink);
    }

    /// <summary>The scan's tables and size from counts gathered elsewhere (e.g. <see cref="BandStatistics"/>).</summary>
    public static CodedScan FromCounts(FrameLayout layout, ScanSpec scan, int[] slots, CountingSink sink)
    {
        int slotCount = scan.UsesHuffman ? slots.Max() + 1 : 0;
        var tables = new HuffmanSpec[slotCount];
        long bits = sink.ExtraBits;
        for (int s = 0; s < slotCount; s++)
        {
            tables[s] = HuffmanOptimizer.Build(sink.Counts[s]);
            var lengths = tables[s].Lengths;
            var counts = sink.Counts[s];
            for (int sym = 0; sym < 256; sym++) bits += counts[sym] * lengths[sym];
        }
        var ids = new int[slotCount];
        for (int s = 0; s < slotCount; s++)
            ids[s] = scan.IsDc ? s : layout.Components[scan.Components[0]].Table;
        return new CodedScan(scan, slots, tables, ids, bits, sink.Restarts);
    }
}
