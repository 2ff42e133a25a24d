namespace SemanticJpeg.Jpeg.Components;

/// <summary>
/// Huffman symbol counts of one baseline scan (DC and AC, per table) plus the table-independent bits: the
/// magnitude bits after each symbol and restart-marker overhead. Enough to build optimal tables and to know the
/// exact scan length they would give, without writing a bit.
/// </summary>
internal sealed class SymbolStatistics
{
    public SymbolStatistics()
    {
        Slots = new long[4][];
        for (int i = 0; i < Slots.Length; i++) Slots[i] = new long[256];
        Dc = [Slots[ScanEncoder.DcSlot(0)], Slots[ScanEncoder.DcSlot(1)]];
        Ac = [Slots[ScanEncoder.AcSlot(0)], Slots[ScanEncoder.AcSlot(1)]];
    }

    /// <summary>The counts by Huffman slot of the scan (<see cref="ScanEncoder.DcSlot"/>, <see cref="ScanEncoder.AcSlot"/>).</summary>
    public long[][] Slots { get; }

    /// <summary>DC counts per table (views of <see cref="Slots"/>).</summary>
    public long[][] Dc { get; }

    /// <summary>AC counts per table (views of <see cref="Slots"/>).</summary>
    public long[][] Ac { get; }

    /// <summary>Magnitude bits following the Huffman codes.</summary>
    public long ExtraBits { get; set; }

    public int RestartMarkers { get; set; }

    /// <summary>Fraction of the MCUs counted (1 unless a quick sampled estimate was asked for).</summary>
    public double Coverage { get; set; } = 1;

    public void Clear()
    {
        foreach (var a in Slots) Array.Clear(a);
        ExtraBits = 0;
        RestartMarkers = 0;
    }

    /// <summary>A sink that counts into these statistics' arrays; copy its totals back with <see cref="Add"/>.</summary>
    public CountingSink Sink() => new(Slots);

    /// <summary>Adds a sink's raw-bit and restart totals (its symbol counts are already in <see cref="Slots"/>).</summary>
    public void Add(in CountingSink sink)
    {
        ExtraBits += sink.ExtraBits;
        RestartMarkers += sink.Restarts;
    }

    /// <summary>Entropy-coded bits with the given tables (per table index), excluding padding and stuffing.</summary>
    public long ScanBits(HuffmanSpec[] dc, HuffmanSpec[] ac, int tableCount)
    {
        long bits = ExtraBits;
        for (int t = 0; t < tableCount; t++)
        {
            var dl = dc[t].Lengths;
            var al = ac[t].Lengths;
            var dcCounts = Dc[t];
            var acCounts = Ac[t];
            for (int s = 0; s < 256; s++)
                bits += dcCounts[s] * dl[s] + acCounts[s] * al[s];
        }
        return bits;
    }
}
