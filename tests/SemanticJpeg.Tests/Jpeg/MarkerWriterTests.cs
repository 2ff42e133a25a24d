using SemanticJpeg.Jpeg;
using SemanticJpeg.Jpeg.Components;
using SemanticJpeg.Jpeg.Progressive;
using Xunit;

namespace SemanticJpeg.Tests.Jpeg;

/// <summary>Each marker segment byte for byte against T.81 Annex B (and JFIF 1.02 / ICC.1 B.4).</summary>
public class MarkerWriterTests
{
    private static byte[] Written(Action<BitWriter> write)
    {
        var w = new BitWriter(16);
        write(w);
        return w.ToArray();
    }

    /// <summary>The 16-bit big-endian length after the marker counts itself and the payload (B.1.1.4).</summary>
    private static void AssertSegment(byte marker, byte[] bytes)
    {
        Assert.Equal(0xFF, bytes[0]);
        Assert.Equal(marker, bytes[1]);
        Assert.Equal(bytes.Length - 2, (bytes[2] << 8) | bytes[3]);
    }

    [Fact]
    public void Soi_eoi_and_rst_are_bare_markers()
    {
        Assert.Equal(new byte[] { 0xFF, 0xD8 }, Written(MarkerWriter.WriteSoi));
        Assert.Equal(new byte[] { 0xFF, 0xD9 }, Written(MarkerWriter.WriteEoi));
        Assert.Equal(new byte[] { 0xFF, 0xD0 }, Written(w => MarkerWriter.WriteRst(w, 0)));
        Assert.Equal(new byte[] { 0xFF, 0xD7 }, Written(w => MarkerWriter.WriteRst(w, 7)));
        Assert.Equal(new byte[] { 0xFF, 0xD1 }, Written(w => MarkerWriter.WriteRst(w, 9))); // modulo 8 (B.2.1)
    }

    [Fact]
    public void App0_is_jfif_1_01_with_square_pixels_and_no_thumbnail()
    {
        var bytes = Written(MarkerWriter.WriteApp0Jfif);
        Assert.Equal(new byte[] { 0xFF, 0xE0, 0, 16, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0 }, bytes);
    }

    [Fact]
    public void App1_carries_exif_in_one_segment_or_not_at_all()
    {
        var tiff = new byte[] { 0x4D, 0x4D, 0, 42 };
        var bytes = Written(w => MarkerWriter.WriteApp1Exif(w, tiff));
        AssertSegment(0xE1, bytes);
        Assert.Equal("Exif\0\0"u8.ToArray().Concat(tiff), bytes[4..]);
        Assert.Empty(Written(w => MarkerWriter.WriteApp1Exif(w, null)));
        Assert.Empty(Written(w => MarkerWriter.WriteApp1Exif(w, [])));
        Assert.Empty(Written(w => MarkerWriter.WriteApp1Exif(w, new byte[65533 - 6 + 1])));
        AssertSegment(0xE1, Written(w => MarkerWriter.WriteApp1Exif(w, new byte[65533 - 6])));
    }

    [Fact]
    public void App2_splits_an_icc_profile_into_numbered_chunks()
    {
        var icc = new byte[MarkerWriter.IccChunk * 2 + 5];
        new Random(3).NextBytes(icc);
        var bytes = Written(w => MarkerWriter.WriteApp2Icc(w, icc));
        var rebuilt = new List<byte>();
        int at = 0, chunk = 0;
        while (at < bytes.Length)
        {
            int length = (bytes[at + 2] << 8) | bytes[at + 3];
            var segment = bytes[at..(at + 2 + length)];
            AssertSegment(0xE2, segment);
            Assert.Equal("ICC_PROFILE\0"u8.ToArray(), segment[4..16]);
            Assert.Equal(++chunk, segment[16]);
            Assert.Equal(3, segment[17]);
            rebuilt.AddRange(segment[18..]);
            at += segment.Length;
        }
        Assert.Equal(3, chunk);
        Assert.Equal(icc, rebuilt.ToArray());
        Assert.Empty(Written(w => MarkerWriter.WriteApp2Icc(w, null)));
    }

    [Fact]
    public void Dqt_writes_the_natural_table_in_zigzag_order()
    {
        var natural = new ushort[64];
        for (int i = 0; i < 64; i++) natural[i] = (ushort)(i + 1);
        var bytes = Written(w => MarkerWriter.WriteDqt(w, natural, 1));
        AssertSegment(0xDB, bytes);
        Assert.Equal(69, bytes.Length);
        Assert.Equal(1, bytes[4]); // Pq 0 (8-bit), Tq 1
        // zig-zag order starts (0,0), (0,1), (1,0), (2,0), (1,1), (0,2): natural indices 0, 1, 8, 16, 9, 2
        Assert.Equal(new byte[] { 1, 2, 9, 17, 10, 3 }, bytes[5..11]);
        Assert.Equal(64, bytes[^1]);
    }

    [Theory]
    [InlineData(false, ChromaSubsampling.Yuv420, 0x22)]
    [InlineData(false, ChromaSubsampling.Yuv422, 0x21)]
    [InlineData(false, ChromaSubsampling.Yuv444, 0x11)]
    [InlineData(true, ChromaSubsampling.Yuv420, 0x11)]
    public void Sof_names_size_components_and_sampling(bool grey, ChromaSubsampling subsampling, int lumaSampling)
    {
        var layout = new FrameLayout(301, 17, grey, subsampling);
        foreach (var (marker, write) in new (byte, Action<BitWriter>)[] { (0xC0, w => MarkerWriter.WriteSof0(w, layout)), (0xC2, w => MarkerWriter.WriteSof2(w, layout)) })
        {
            var bytes = Written(write);
            AssertSegment(marker, bytes);
            Assert.Equal(8, bytes[4]); // precision
            Assert.Equal(17, (bytes[5] << 8) | bytes[6]);
            Assert.Equal(301, (bytes[7] << 8) | bytes[8]);
            Assert.Equal(grey ? 1 : 3, bytes[9]);
            Assert.Equal(10 + 3 * bytes[9], bytes.Length);
            Assert.Equal(lumaSampling, bytes[11]);
            Assert.Equal(0, bytes[12]);
            for (int c = 1; c < bytes[9]; c++)
            {
                Assert.Equal(0x11, bytes[11 + 3 * c]);
                Assert.Equal(1, bytes[12 + 3 * c]); // chroma uses table 1
            }
        }
    }

    [Fact]
    public void Baseline_sos_covers_every_component_and_the_whole_spectrum()
    {
        var layout = new FrameLayout(16, 16, grey: false, ChromaSubsampling.Yuv420);
        var bytes = Written(w => MarkerWriter.WriteSos(w, layout));
        AssertSegment(0xDA, bytes);
        Assert.Equal(MarkerWriter.SosBytes(3), bytes.Length);
        Assert.Equal(new byte[] { 3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 63, 0 }, bytes[4..]);
    }

    [Fact]
    public void Progressive_sos_puts_the_table_in_td_for_dc_and_in_ta_for_ac()
    {
        var layout = new FrameLayout(16, 16, grey: false, ChromaSubsampling.Yuv420);
        var dc = Written(w => MarkerWriter.WriteSos(w, layout, new ScanSpec([0, 1, 2], 0, 0, 0, 1), [0, 1], [0, 1, 1]));
        AssertSegment(0xDA, dc);
        Assert.Equal(new byte[] { 3, 1, 0x00, 2, 0x10, 3, 0x10, 0, 0, 0x01 }, dc[4..]);
        var ac = Written(w => MarkerWriter.WriteSos(w, layout, new ScanSpec([2], 1, 5, 2, 1), [0, 1], [1]));
        Assert.Equal(MarkerWriter.SosBytes(1), ac.Length);
        Assert.Equal(new byte[] { 1, 3, 0x01, 1, 5, 0x21 }, ac[4..]);
    }

    [Fact]
    public void Dht_and_dri_lengths_match_their_payload()
    {
        var counts = new byte[16];
        counts[1] = 2; counts[2] = 1;
        var spec = new HuffmanSpec(counts, [0, 1, 2]);
        var bytes = Written(w => MarkerWriter.WriteDht(w, spec, 1, 1));
        AssertSegment(0xC4, bytes);
        Assert.Equal(0x11, bytes[4]);
        Assert.Equal(counts, bytes[5..21]);
        Assert.Equal(new byte[] { 0, 1, 2 }, bytes[21..]);
        Assert.Equal(2 * bytes.Length, MarkerWriter.DhtBytes([spec], [spec], 1));
        Assert.Equal(new byte[] { 0xFF, 0xDD, 0, 4, 0x01, 0x02 }, Written(w => MarkerWriter.WriteDri(w, 0x102)));
    }
}
