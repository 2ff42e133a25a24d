using ImageMagick;
using SemanticJpeg.Imaging;
using SemanticJpeg.Jpeg;
using SemanticJpeg.Jpeg.Components;
using SemanticJpeg.Jpeg.Progressive;
namespace SemanticJpeg.Bench;
public static class Scratch
{
    public static void Run(string file, int q)
    {
        using var source = new MagickImage(file);
        var image = MagickPixelConverter.ToPixelImage(source, keepGrey: true);
        var o = new JpegWriterOptions { Subsampling = ChromaSubsampling.Yuv420, Progressive = true };
        using var encoder = new RegionQualityEncoder(image, BlockImportance.Uniform(image.Width, image.Height), o);
        double s = QuantizationTables.LibjpegScale(q);
        var plan = QuantPlan.Create(s, s);
        using var quantized = new QuantizedImage(encoder.Layout);
        var stats = new SymbolStatistics();
        encoder.Quantize(plan, false, quantized, stats);
        var (dc, ac) = encoder.Tables(stats);
        Console.WriteLine($"baseline scan bits {stats.ScanBits(dc, ac, 2)} = {stats.ScanBits(dc, ac, 2) / 8} B, extra {stats.ExtraBits}, dht {MarkerWriter.DhtBytes(dc, ac, 2)}");
        long dcBits = 0, acBits = 0;
        for (int t = 0; t < 2; t++) for (int k = 0; k < 256; k++) { dcBits += stats.Dc[t][k] * dc[t].Lengths[k]; acBits += stats.Ac[t][k] * ac[t].Lengths[k]; }
        Console.WriteLine($"baseline dc code bits {dcBits}, ac code bits {acBits}");
        var p = ProgressiveJpegWriter.Plan(encoder.Layout, quantized, o);
        foreach (var sc in p.Scans) Console.WriteLine($"{sc.Scan} {sc.Bytes:F0} B data {sc.DataBits} bits, tables {string.Join(",", sc.Tables.Select(t => t.Symbols.Length))}");
        Console.WriteLine($"header {p.HeaderBytes} total {p.EstimateBytes():F0}");
        var min = ScanSearch.Compose(3, 0, [(0, [63]), (0, [63]), (0, [63])]);
        var pm = ProgressiveJpegWriter.PlanFor(encoder.Layout, quantized, o, min);
        foreach (var sc in pm.Scans) Console.WriteLine($"{sc.Scan} {sc.Bytes:F0} B data {sc.DataBits} bits");
    }
}
