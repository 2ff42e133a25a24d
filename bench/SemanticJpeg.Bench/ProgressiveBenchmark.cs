using System.Diagnostics;
using ImageMagick;
using SemanticJpeg.Imaging;
using SemanticJpeg.Jpeg;
using SemanticJpeg.Jpeg.Components;
using SemanticJpeg.Jpeg.Progressive;

namespace SemanticJpeg.Bench;

/// <summary>
/// Progressive vs baseline on the same quantised coefficients: each photo is quantised once at uniform Q50 and
/// Q75 (4:2:0), then written both ways. Prints the size ratio progressive / baseline, the number of scans
/// chosen, and the speed (MP/s, process CPU time, median of a few runs) of the baseline entropy stage (count +
/// write) beside the progressive one (scan search + write), and of a whole fixed-Q encode both ways (colour
/// conversion, DCT and quantisation included), and of rate control to a size both ways.
/// </summary>
public static class ProgressiveBenchmark
{
    private const int Iterations = 5;

    public static void Run(string imagesDir)
    {
        var files = Directory.GetFiles(imagesDir, "*.png").Concat(Directory.GetFiles(imagesDir, "*.jpg")).OrderBy(f => f, StringComparer.Ordinal).ToArray();
        int[] qualities = [50, 75];
        Console.WriteLine("Progressive vs baseline, same coefficients (uniform Q, 4:2:0). MP/s by process CPU time, median of {0}.", Iterations);
        Console.WriteLine($"{"image",-16} {"MPix",6} {"Q",3} {"baseline",9} {"progr.",9} {"ratio",7} {"scans",5} {"base MP/s",10} {"prog MP/s",10} {"encode b",9} {"encode p",9}");
        var ratios = qualities.ToDictionary(q => q, _ => new List<double>());
        var finals = qualities.ToDictionary(q => q, _ => new List<double>());
        var times = qualities.ToDictionary(q => q, _ => new double[4]);
        var rate = new double[2];
        double totalMp = 0;
        foreach (var file in files)
        {
            using var source = new MagickImage(file);
            source.HasAlpha = false;
            var image = MagickPixelConverter.ToPixelImage(source, keepGrey: true);
            double mp = image.PixelCount / 1e6;
            totalMp += mp;
            var uniform = BlockImportance.Uniform(image.Width, image.Height);
            var baseOptions = new JpegWriterOptions { Subsampling = ChromaSubsampling.Yuv420 };
            var progOptions = baseOptions with { Progressive = true };
            using var encoder = new RegionQualityEncoder(image, uniform, baseOptions);
            using var progEncoder = new RegionQualityEncoder(image, uniform, progOptions);
            // Rate control to the baseline Q75 file's size with a centre-weighted map, constructor included.
            var map = EncoderBenchmark.CentreWeighted(image.Width, image.Height);
            long target = encoder.EncodeUniform(75).Data.Length;
            rate[0] += Median(() => { using var e = new RegionQualityEncoder(image, map, baseOptions); return e.EncodeToSize(target).Data; });
            rate[1] += Median(() => { using var e = new RegionQualityEncoder(image, map, progOptions); return e.EncodeToSize(target).Data; });
            foreach (int q in qualities)
            {
                double s = QuantizationTables.LibjpegScale(q);
                var plan = QuantPlan.Create(s, s);
                using var quantized = new QuantizedImage(encoder.Layout);
                var stats = new SymbolStatistics();
                encoder.Quantize(plan, quantized, stats);
                byte[] baseline = encoder.Write(plan, quantized, stats);
                var scanPlan = ProgressiveJpegWriter.Plan(encoder.Layout, quantized, progOptions);
                byte[] progressive = ProgressiveJpegWriter.Write(encoder.Layout, plan.Tables, quantized, progOptions, scanPlan);
                double ratio = progressive.Length / (double)baseline.Length;
                ratios[q].Add(ratio);
                // What -Progressive writes: the progressive file, or baseline where it would be over 1.005 times.
                finals[q].Add(BaselineFallback.UseBaseline(progressive.Length, baseline.Length) ? 1.0 : ratio);

                // Entropy stage alone: baseline = statistics + tables + write; progressive = search + write.
                double tb = Median(() =>
                {
                    var st = new SymbolStatistics();
                    encoder.Quantize(plan, quantized, st);
                    return encoder.Write(plan, quantized, st);
                }) - Median(() => { encoder.Quantize(plan, quantized, new SymbolStatistics()); return 0; });
                double tp = Median(() => ProgressiveJpegWriter.Write(encoder.Layout, plan.Tables, quantized, progOptions));
                double eb = Median(() => { using var e = new RegionQualityEncoder(image, uniform, baseOptions); return e.EncodeUniform(q).Data; });
                double ep = Median(() => { using var e = new RegionQualityEncoder(image, uniform, progOptions); return e.EncodeUniform(q).Data; });
                var t = times[q];
                t[0] += Math.Max(tb, 1e-6); t[1] += tp; t[2] += eb; t[3] += ep;
                Console.WriteLine($"{Path.GetFileNameWithoutExtension(file),-16} {mp,6:F3} {q,3} {baseline.Length,9} {progressive.Length,9} {ratio,7:F4} {scanPlan.Scans.Count,5} " +
                                  $"{mp / Math.Max(tb, 1e-6),10:F1} {mp / tp,10:F1} {mp / eb,9:F1} {mp / ep,9:F1}");
            }
        }
        foreach (int q in qualities)
        {
            var r = ratios[q];
            var f = finals[q];
            var t = times[q];
            Console.WriteLine($"Q{q}: progressive/baseline mean {r.Average():F4}, min {r.Min():F4}, max {r.Max():F4} over {r.Count} photos; " +
                              $"with the baseline fallback mean {f.Average():F4}, max {f.Max():F4} ({f.Count(x => x == 1.0)} fall back)");
            Console.WriteLine($"     " +
                              $"entropy stage {totalMp / t[0]:F1} MP/s baseline, {totalMp / t[1]:F1} MP/s progressive; whole encode {totalMp / t[2]:F1} vs {totalMp / t[3]:F1} MP/s");
        }
        Console.WriteLine($"Rate control to the baseline Q75 size (centre-weighted map, constructor included): {totalMp / rate[0]:F1} MP/s baseline, {totalMp / rate[1]:F1} MP/s progressive");
    }


    /// <summary>Median process CPU seconds of one call (one warm-up run first).</summary>
    private static double Median<T>(Func<T> action)
    {
        GC.KeepAlive(action());
        var cpu = new double[Iterations];
        var process = Process.GetCurrentProcess();
        for (int i = 0; i < Iterations; i++)
        {
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            GC.KeepAlive(action());
            process.Refresh();
            cpu[i] = (process.TotalProcessorTime - cpu0).TotalSeconds;
        }
        Array.Sort(cpu);
        return cpu[Iterations / 2];
    }
}
