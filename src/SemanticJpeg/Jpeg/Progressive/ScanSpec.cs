namespace SemanticJpeg.Jpeg.Progressive;

/// <summary>
/// One scan of a progressive frame (T.81 G.1.1, SOS parameters of B.2.3): the components it codes (indices into
/// the frame's component list, in frame order), the spectral band Ss..Se (zig-zag positions) and the successive
/// approximation bit positions Ah (previous point transform, 0 for a first scan) and Al (this scan's point
/// transform).
/// </summary>
internal sealed record ScanSpec(int[] Components, int Ss, int Se, int Ah, int Al)
{
    public bool IsDc => Ss == 0;

    public bool IsRefinement => Ah != 0;

    /// <summary>DC refinement scans carry raw bits only (G.1.2.1): no Huffman table.</summary>
    public bool UsesHuffman => !(IsDc && IsRefinement);

    public override string ToString() =>
        $"[{string.Join(",", Components)}] {Ss}-{Se} Ah={Ah} Al={Al}";
}
