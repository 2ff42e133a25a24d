using SemanticJpeg.Jpeg.Components;

namespace SemanticJpeg.Jpeg.Progressive;

/// <summary>
/// Where the scan coders send their output: Huffman symbols (by table slot of the scan), raw bits, restart
/// boundaries. The same coder walk either counts (<see cref="CountingSink"/>) or writes (<see cref="WritingSink"/>),
/// so statistics, size estimates and the written file can never disagree. Implementations are structs, so the
/// JIT specialises each coder for each sink.
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
