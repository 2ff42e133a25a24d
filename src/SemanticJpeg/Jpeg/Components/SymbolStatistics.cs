namespace SemanticJpeg.Jpeg.Components;

/// <summary>
/// Huffman symbol counts of one scan (DC and AC, per table) plus the table-independent bits: the magnitude
/// bits after each symbol and restart-marker overhead. Enough to build optimal tables and to know the exact
/// scan length they would give, without writing a bit.
/// </summary>
internal sealed class SymbolStatistics
{
    public long[][] Dc { get; } = [new long[256], new long[256]];
    public long[][] Ac { get; } = [new long[256], new long[256]];

    /// <summary>Magnitude bits following the Huffman codes.</summary>
    public long ExtraBits { get; set; }

    public int RestartMarkers { get; set; }

    /// <summary>Fraction of the MCU rows counted (1 unless a quick sampled estimate was asked for).</summary>
    public double Coverage { get; set; } = 1;

    public void Clear()
    {
        foreach (var a in Dc) Array.Clear(a);
        foreach (var a in Ac) Array.Clear(a);
        ExtraBits = 0;
        RestartMarkers = 0;
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
