namespace SemanticJpeg.Jpeg.Progressive;

/// <summary>The scans of one progressive file, in file order, with their tables and sizes.</summary>
internal sealed class ProgressivePlan(IReadOnlyList<CodedScan> scans, int headerBytes)
{
    public IReadOnlyList<CodedScan> Scans { get; } = scans;

    /// <summary>Every marker byte outside the scans: SOI, APPn, DQT, SOF2, DRI, EOI.</summary>
    public int HeaderBytes { get; } = headerBytes;

    public IEnumerable<ScanSpec> Script => Scans.Select(s => s.Scan);

    /// <summary>Entropy-coded bytes of all scans.</summary>
    public double DataBytes => Scans.Sum(s => s.DataBits / 8.0);

    /// <summary>
    /// File size, exact except the 0x00 bytes stuffed after 0xFF data bytes (<paramref name="stuffingRate"/> of the
    /// data, about 0.4 % for photos) and the padding before restart markers (counted as its mean).
    /// </summary>
    public double EstimateBytes(double stuffingRate = 0) => HeaderBytes + Scans.Sum(s => s.Bytes) + DataBytes * stuffingRate;
}
