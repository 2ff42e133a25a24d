namespace SemanticJpeg.Jpeg.Components;

/// <summary>The marker segments of a baseline JFIF file, one small method per marker (T.81 Annex B, JFIF 1.02).</summary>
internal static class MarkerWriter
{
    private const int MaxSegmentPayload = 65533; // 16-bit length field counts itself
    private static ReadOnlySpan<byte> ExifHeader => "Exif\0\0"u8;
    private static ReadOnlySpan<byte> IccHeader => "ICC_PROFILE\0"u8;

    /// <summary>ICC data per APP2 chunk: 65533 minus the 12-byte signature and 2 sequence bytes.</summary>
    public const int IccChunk = 65519;

    public static void WriteSoi(BitWriter w) => Marker(w, 0xD8);

    /// <summary>
    /// The marker sequence both writers share, up to the first scan's tables (T.81 B.2.1): SOI, JFIF APP0,
    /// Exif APP1 and ICC APP2 when given, the quantisation tables, the frame header (SOF0 baseline, SOF2
    /// progressive) and the restart interval. DRI may stand anywhere before the first SOS (B.2.4).
    /// </summary>
    public static void WriteFrameStart(BitWriter w, FrameLayout layout, ushort[][] tables, JpegWriterOptions options, bool progressive)
    {
        int tableCount = layout.IsGrey ? 1 : 2;
        WriteSoi(w);
        WriteApp0Jfif(w);
        WriteApp1Exif(w, options.Exif);
        WriteApp2Icc(w, options.IccProfile);
        for (int t = 0; t < tableCount; t++) WriteDqt(w, tables[t], t);
        if (progressive) WriteSof2(w, layout); else WriteSof0(w, layout);
        if (options.RestartInterval > 0) WriteDri(w, options.RestartInterval);
    }

    public static void WriteEoi(BitWriter w) => Marker(w, 0xD9);

    public static void WriteApp0Jfif(BitWriter w)
    {
        Marker(w, 0xE0);
        w.WriteUInt16(16);
        w.WriteBytes("JFIF\0"u8);
        w.WriteByte(1); w.WriteByte(1);       // version 1.01, as libjpeg writes
        w.WriteByte(0);                       // density units: aspect ratio only
        w.WriteUInt16(1); w.WriteUInt16(1);   // 1:1
        w.WriteByte(0); w.WriteByte(0);       // no thumbnail
    }

    /// <summary>APP1 Exif; skipped when the payload does not fit a single segment (Exif has no chunking).</summary>
    public static void WriteApp1Exif(BitWriter w, byte[]? tiff)
    {
        if (tiff is null || tiff.Length == 0 || tiff.Length + ExifHeader.Length > MaxSegmentPayload) return;
        Marker(w, 0xE1);
        w.WriteUInt16(2 + ExifHeader.Length + tiff.Length);
        w.WriteBytes(ExifHeader);
        w.WriteBytes(tiff);
    }

    /// <summary>APP2 ICC_PROFILE chunks, numbered from 1 (ICC.1 Annex B.4).</summary>
    public static void WriteApp2Icc(BitWriter w, byte[]? icc)
    {
        if (icc is null || icc.Length == 0) return;
        int chunks = (icc.Length + IccChunk - 1) / IccChunk;
        if (chunks > 255) return; // cannot be numbered in one byte; such profiles do not exist in practice
        for (int i = 0; i < chunks; i++)
        {
            int offset = i * IccChunk;
            int len = Math.Min(IccChunk, icc.Length - offset);
            Marker(w, 0xE2);
            w.WriteUInt16(2 + IccHeader.Length + 2 + len);
            w.WriteBytes(IccHeader);
            w.WriteByte((byte)(i + 1));
            w.WriteByte((byte)chunks);
            w.WriteBytes(icc.AsSpan(offset, len));
        }
    }

    /// <summary>DQT with 8-bit entries in zig-zag order (B.2.4.1).</summary>
    public static void WriteDqt(BitWriter w, ushort[] naturalTable, int id)
    {
        Marker(w, 0xDB);
        w.WriteUInt16(2 + 65);
        w.WriteByte((byte)id);
        var zz = ZigZag.ToNatural;
        for (int k = 0; k < 64; k++) w.WriteByte((byte)naturalTable[zz[k]]);
    }

    /// <summary>SOF0, baseline DCT (B.2.2).</summary>
    public static void WriteSof0(BitWriter w, FrameLayout layout) => WriteFrameHeader(w, layout, 0xC0);

    private static void WriteFrameHeader(BitWriter w, FrameLayout layout, byte marker)
    {
        Marker(w, marker);
        w.WriteUInt16(8 + 3 * layout.Components.Length);
        w.WriteByte(8);
        w.WriteUInt16(layout.Height);
        w.WriteUInt16(layout.Width);
        w.WriteByte((byte)layout.Components.Length);
        foreach (var c in layout.Components)
        {
            w.WriteByte((byte)c.Id);
            w.WriteByte((byte)((c.H << 4) | c.V));
            w.WriteByte((byte)c.Table);
        }
    }

    /// <summary>SOF2, progressive DCT, Huffman coding (B.2.2, G.1.1): the same frame header as SOF0, another marker.</summary>
    public static void WriteSof2(BitWriter w, FrameLayout layout) => WriteFrameHeader(w, layout, 0xC2);

    /// <summary>
    /// SOS of one progressive scan (B.2.3, G.1.1.1): its components, Td per component for DC scans (Ta 0), Ta for
    /// AC scans (Td 0), the band Ss..Se and Ah/Al.
    /// </summary>
    public static void WriteSos(BitWriter w, FrameLayout layout, Progressive.ScanSpec scan, int[] tableIds, int[] slots)
    {
        Marker(w, 0xDA);
        w.WriteUInt16(SosBytes(scan.Components.Length) - 2);
        w.WriteByte((byte)scan.Components.Length);
        for (int i = 0; i < scan.Components.Length; i++)
        {
            int id = tableIds.Length == 0 ? 0 : tableIds[slots[i]];
            w.WriteByte((byte)layout.Components[scan.Components[i]].Id);
            w.WriteByte((byte)(scan.IsDc ? id << 4 : id));
        }
        w.WriteByte((byte)scan.Ss);
        w.WriteByte((byte)scan.Se);
        w.WriteByte((byte)((scan.Ah << 4) | scan.Al));
    }

    /// <summary>Bytes of an SOS segment with this many components, marker included.</summary>
    public static int SosBytes(int components) => 8 + 2 * components;

    /// <summary>DHT for one table; <paramref name="tableClass"/> 0 = DC, 1 = AC (B.2.4.2).</summary>
    public static void WriteDht(BitWriter w, HuffmanSpec spec, int tableClass, int id)
    {
        Marker(w, 0xC4);
        w.WriteUInt16(2 + spec.SegmentBytes);
        w.WriteByte((byte)((tableClass << 4) | id));
        w.WriteBytes(spec.CountsByLength);
        w.WriteBytes(spec.Symbols);
    }

    public static void WriteDri(BitWriter w, int interval)
    {
        Marker(w, 0xDD);
        w.WriteUInt16(4);
        w.WriteUInt16(interval);
    }

    /// <summary>SOS of the single scan: all components, full spectral range (B.2.3).</summary>
    public static void WriteSos(BitWriter w, FrameLayout layout)
    {
        Marker(w, 0xDA);
        w.WriteUInt16(6 + 2 * layout.Components.Length);
        w.WriteByte((byte)layout.Components.Length);
        foreach (var c in layout.Components)
        {
            w.WriteByte((byte)c.Id);
            w.WriteByte((byte)((c.Table << 4) | c.Table));
        }
        w.WriteByte(0);
        w.WriteByte(63);
        w.WriteByte(0);
    }

    public static void WriteRst(BitWriter w, int index) => Marker(w, (byte)(0xD0 + (index & 7)));

    private static void Marker(BitWriter w, byte code)
    {
        w.WriteByte(0xFF);
        w.WriteByte(code);
    }

    /// <summary>Bytes of the DHT segments for these tables (for size estimates).</summary>
    public static int DhtBytes(HuffmanSpec[] dc, HuffmanSpec[] ac, int tableCount)
    {
        int n = 0;
        for (int t = 0; t < tableCount; t++) n += 4 + dc[t].SegmentBytes + 4 + ac[t].SegmentBytes;
        return n;
    }
}
