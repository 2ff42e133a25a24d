namespace SemanticJpeg.Jpeg.Components;

/// <summary>
/// The entropy stage's one interface: where the scan coders (the baseline block coder <see cref="ScanEncoder"/>,
/// the progressive coders in <c>Progressive/</c>) send their output: Huffman symbols (by table slot of the scan),
/// raw bits, restart boundaries. The same coder walk either counts (<see cref="CountingSink"/>: the statistics the
/// optimal tables and the exact size come from) or writes (<see cref="WritingSink"/>), so statistics, size
/// estimates and the written file can never disagree. Implementations are structs, so the JIT specialises each
/// coder for each sink.
/// </summary>
internal interface IEntropySink
{
    void Symbol(int slot, int symbol);

    /// <summary>The low <paramref name="count"/> bits of <paramref name="value"/>, count 0..16.</summary>
    void Bits(uint value, int count);

    /// <summary>End of a restart interval: byte-align, RSTn (T.81 F.1.2.3, E.1.4).</summary>
    void Restart();
}

/// <summary>Symbol frequencies per table slot plus the raw-bit and restart totals.</summary>
internal struct CountingSink : IEntropySink
{
    public CountingSink(int slots)
    {
        Counts = new long[slots][];
        for (int i = 0; i < slots; i++) Counts[i] = new long[256];
    }

    /// <summary>Counts into existing arrays (e.g. <see cref="SymbolStatistics.Slots"/>), which it does not clear.</summary>
    public CountingSink(long[][] counts) => Counts = counts;

    public long[][] Counts;
    public long ExtraBits;
    public int Restarts;

    public readonly void Symbol(int slot, int symbol) => Counts[slot][symbol]++;

    public void Bits(uint value, int count) => ExtraBits += count;

    public void Restart() => Restarts++;

    public void Clear()
    {
        foreach (var c in Counts) Array.Clear(c);
        ExtraBits = 0;
        Restarts = 0;
    }
}

/// <summary>Writes codes of the scan's tables into the file.</summary>
internal struct WritingSink(BitWriter writer, HuffmanSpec[] tables) : IEntropySink
{
    private int _restart;

    public readonly void Symbol(int slot, int symbol)
    {
        var t = tables[slot];
        writer.PutBits(t.Codes[symbol], t.Lengths[symbol]);
    }

    public readonly void Bits(uint value, int count) => writer.PutBits(value, count);

    public void Restart()
    {
        writer.FlushBits();
        MarkerWriter.WriteRst(writer, _restart++);
    }
}
