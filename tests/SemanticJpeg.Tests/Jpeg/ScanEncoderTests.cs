using SemanticJpeg.Jpeg;
using SemanticJpeg.Jpeg.Components;
using SemanticJpeg.Tests.TestSupport;
using Xunit;

namespace SemanticJpeg.Tests.Jpeg;

public class ScanEncoderTests
{
    [Theory]
    [InlineData(ChromaSubsampling.Yuv420, 0, true)]
    [InlineData(ChromaSubsampling.Yuv444, 5, true)]
    [InlineData(ChromaSubsampling.Yuv422, 0, false)]
    public void Symbol_counts_predict_the_written_size_exactly_apart_from_stuffing(ChromaSubsampling s, int restart, bool optimize)
    {
        // Rate control sizes files from statistics alone; the only unknowns may be 0x00 stuffing and RST padding.
        var image = SampleImages.Synthetic(203, 151, seed: 11, noise: 20);
        var options = new JpegWriterOptions { Subsampling = s, RestartInterval = restart, OptimizeHuffman = optimize };
        using var encoder = new RegionQualityEncoder(image, JpegTestHelpers.Half(203, 151, right: true), options);
        var plan = QuantPlan.Create(QuantizationTables.LibjpegScale(80), QuantizationTables.LibjpegScale(30));
        using var quantized = new QuantizedImage(encoder.Layout);
        var stats = new SymbolStatistics();
        encoder.Quantize(plan, quantized, stats);
        var data = encoder.Write(plan, quantized, stats);

        int stuffed = 0;
        for (int i = 0; i + 1 < data.Length; i++)
            if (data[i] == 0xFF && data[i + 1] == 0x00) stuffed++;
        var (dc, ac) = encoder.Tables(stats);
        long scanBits = stats.ScanBits(dc, ac, 2);
        // Exact: headers + DHT + scan bytes (each RST interval padded to a byte) + RST markers + EOI.
        double estimate = encoder.EstimateBytes(stats, stuffingRate: 0);
        double slack = 1 + stats.RestartMarkers * 1.0; // padding of each interval is < 1 byte; the estimate uses its mean
        Assert.InRange(data.Length - stuffed - estimate, -slack, slack);
        Assert.True(scanBits > 0);
        Djpeg.Decode(data);
    }

    [Theory]
    [InlineData(ChromaSubsampling.Yuv420, 0)]
    [InlineData(ChromaSubsampling.Yuv422, 3)]
    public void The_scan_written_counts_exactly_what_the_quantisation_pass_counted(ChromaSubsampling s, int restart)
    {
        // One coder for counting and writing: the baseline scan walked into a counting sink gives the very
        // statistics the pass gathered while quantising, symbol for symbol.
        var image = SampleImages.Synthetic(97, 83, seed: 5, noise: 30);
        var options = new JpegWriterOptions { Subsampling = s, RestartInterval = restart };
        using var encoder = new RegionQualityEncoder(image, JpegTestHelpers.Half(97, 83, right: false), options);
        var plan = QuantPlan.Create(QuantizationTables.LibjpegScale(85), QuantizationTables.LibjpegScale(40));
        using var quantized = new QuantizedImage(encoder.Layout);
        var stats = new SymbolStatistics();
        encoder.Quantize(plan, quantized, stats);

        var sink = new CountingSink(4);
        BaselineScanCoder.Code(ref sink, encoder.Layout, quantized, restart);
        for (int slot = 0; slot < 4; slot++)
            Assert.Equal(stats.Slots[slot], sink.Counts[slot]);
        Assert.Equal(stats.ExtraBits, sink.ExtraBits);
        Assert.Equal(stats.RestartMarkers, sink.Restarts);
        Assert.True(stats.Slots[ScanEncoder.AcSlot(1)].Sum() > 0);
    }
}
