namespace SemanticJpeg.Jpeg.Components;

/// <summary>
/// A Huffman table as a DHT segment carries it (T.81 B.2.4.2): how many codes of each length 1..16 and the
/// symbols in code order. <see cref="Codes"/> and <see cref="Lengths"/> are the encoder's per-symbol view (C.2).
/// </summary>
internal sealed class HuffmanSpec
{
    public HuffmanSpec(byte[] countsByLength, byte[] symbols)
    {
        if (countsByLength.Length != 16) throw new ArgumentException("16 length counts expected.", nameof(countsByLength));
        int total = 0;
        foreach (var c in countsByLength) total += c;
        if (total != symbols.Length) throw new ArgumentException($"Counts add to {total}, but {symbols.Length} symbols given.");
        CountsByLength = countsByLength;
        Symbols = symbols;
        Codes = new ushort[256];
        Lengths = new byte[256];
        // T.81 Annex C: canonical codes, consecutive within a length, shifted left when the length grows.
        int code = 0, k = 0;
        for (int len = 1; len <= 16; len++)
        {
            for (int i = 0; i < countsByLength[len - 1]; i++, k++)
            {
                Codes[symbols[k]] = (ushort)code++;
                Lengths[symbols[k]] = (byte)len;
            }
            code <<= 1;
        }
    }

    public byte[] CountsByLength { get; }
    public byte[] Symbols { get; }
    public ushort[] Codes { get; }

    /// <summary>Code length per symbol; 0 for a symbol the table cannot code.</summary>
    public byte[] Lengths { get; }

    /// <summary>Bytes of this table inside a DHT segment: class/id byte, 16 counts, the symbols.</summary>
    public int SegmentBytes => 1 + 16 + Symbols.Length;
}
