using System.Diagnostics;
using ImageMagick;
using SemanticJpeg.Imaging;
using SemanticJpeg.Jpeg;

namespace SemanticJpeg.Bench;

/// <summary>
/// Encoder throughput on the sample photos, all measured in this run on the same pixels: our fixed-quality
/// encode (constructor included: colour conversion, subsampling, DCT), our rate-controlled encode (to the size
/// of our Q50 file, with a centre-weighted map, constructor included; default dead zone and opt-in trellis),
/// and Magick.NET's JPEG encode (Q75, 4:2:0,
/// optimised Huffman). Warm-up, then the median of several iterations. Both wall-clock and process CPU time
/// are measured: on a shared, loaded machine the CPU-time figures are the steadier ones.
/// </summary>
public static class EncoderBenchmark
{
    private const int WarmUp = 2;
    private const int Iterations = 5;

    public static void Run(string imagesDir)
    {
        var files = Directory.GetFiles(imagesDir)
            .Where(f => f.EndsWith(".png", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToArray();
        Console.WriteLine("Encoder benchmark (single thread, median of {0} after {1} warm-up runs; MP/s by wall clock | by CPU time)", Iterations, WarmUp);
        Console.WriteLine($"{"image",-22} {"MPix",6} {"ours Q75",14} {"RD Q75",14} {"RD to-size",14} {"RD auto",14} {"magick Q75",14} {"ours/magick",13} {"RD/magick",13} {"size/RD",13} {"auto/RD",13}");
        double totalMp = 0;
        var total = new (double Wall, double Cpu)[6];
        foreach (var file in files)
        {
            using var source = new MagickImage(file);
            source.HasAlpha = false;
            var image = MagickPixelConverter.ToPixelImage(source, keepGrey: false);
            double mp = image.PixelCount / 1e6;
            var map = CentreWeighted(image.Width, image.Height);
            var options = new JpegWriterOptions { Subsampling = ChromaSubsampling.Yuv420 };
            long target;
            using (var probe = new RegionQualityEncoder(image, map, options))
                target = probe.EncodeUniform(50).Data.Length;

            var uniform = BlockImportance.Uniform(image.Width, image.Height);
            // A standard encode reads only the box-averaged chroma: the fitted chroma is the RD writer's.
            var standardOptions = options with { FitChroma = false };
            var ours = Median(() =>
            {
                using var encoder = new RegionQualityEncoder(image, uniform, standardOptions);
                return encoder.EncodeUniform(75);
            });
            // One RD trellis encode at fixed tables (two passes, as mozjpeg's trellis), the RD writer
            // rate-controlled to the size of our Q50 file with no map (strength 0), and what users get: a
            // centre-weighted map with the automatic strength against the standard Q50 file.
            var rd = Median(() =>
            {
                using var encoder = new RegionQualityEncoder(image, uniform, options);
                return encoder.EncodeOptimizedAtQuality(75);
            });
            var rate = Median(() =>
            {
                using var encoder = new RegionQualityEncoder(image, uniform, options);
                return encoder.EncodeOptimized(target, strength: 0, referenceQuality: 50);
            });
            var auto = Median(() =>
            {
                using var encoder = new RegionQualityEncoder(image, map, options);
                return encoder.EncodeOptimized(target, strength: null, referenceQuality: 50);
            });
            using var magickImage = MagickPixelConverter.ToMagickImage(image);
            var magick = Median(() =>
            {
                using var clone = magickImage.Clone();
                clone.Quality = 75;
                clone.Settings.SetDefine(MagickFormat.Jpeg, "sampling-factor", "2x2");
                clone.Settings.SetDefine(MagickFormat.Jpeg, "optimize-coding", "true");
                return clone.ToByteArray(MagickFormat.Jpeg);
            });
            totalMp += mp;
            total[0] = (total[0].Wall + ours.Wall, total[0].Cpu + ours.Cpu);
            total[1] = (total[1].Wall + rd.Wall, total[1].Cpu + rd.Cpu);
            total[2] = (total[2].Wall + rate.Wall, total[2].Cpu + rate.Cpu);
            total[3] = (total[3].Wall + auto.Wall, total[3].Cpu + auto.Cpu);
            total[4] = (total[4].Wall + magick.Wall, total[4].Cpu + magick.Cpu);
            Print(Path.GetFileName(file), mp, ours, rd, rate, auto, magick);
        }
        Print("all", totalMp, total[0], total[1], total[2], total[3], total[4]);
        Console.WriteLine("ours/magick and RD/magick: speed relative to Magick.NET (libjpeg-turbo) in this run; size/RD: rate-controlled " +
                          "RD encode (no map) relative to one RD encode (issue goal >= 0.33, i.e. within 3x); auto/RD: the same with a map " +
                          "and the automatic strength (the product's default).");
    }

    private static void Print(string name, double mp, (double Wall, double Cpu) ours, (double Wall, double Cpu) rd, (double Wall, double Cpu) rate,
        (double Wall, double Cpu) auto, (double Wall, double Cpu) magick)
    {
        static string Pair(double a, double b, string f) => $"{a.ToString(f)} | {b.ToString(f)}";
        Console.WriteLine($"{name,-22} {mp,6:F3} {Pair(mp / ours.Wall, mp / ours.Cpu, "F1"),14} {Pair(mp / rd.Wall, mp / rd.Cpu, "F1"),14} " +
                          $"{Pair(mp / rate.Wall, mp / rate.Cpu, "F1"),14} {Pair(mp / auto.Wall, mp / auto.Cpu, "F1"),14} {Pair(mp / magick.Wall, mp / magick.Cpu, "F1"),14} " +
                          $"{Pair(magick.Wall / ours.Wall, magick.Cpu / ours.Cpu, "F2"),13} {Pair(magick.Wall / rd.Wall, magick.Cpu / rd.Cpu, "F2"),13} " +
                          $"{Pair(rd.Wall / rate.Wall, rd.Cpu / rate.Cpu, "F2"),13} {Pair(rd.Wall / auto.Wall, rd.Cpu / auto.Cpu, "F2"),13}");
    }

    /// <summary>Median seconds of one call, wall clock and process CPU time.</summary>
    private static (double Wall, double Cpu) Median<T>(Func<T> action)
    {
        for (int i = 0; i < WarmUp; i++) action();
        var wall = new double[Iterations];
        var cpu = new double[Iterations];
        var process = Process.GetCurrentProcess();
        for (int i = 0; i < Iterations; i++)
        {
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            GC.KeepAlive(action());
            wall[i] = sw.Elapsed.TotalSeconds;
            process.Refresh();
            cpu[i] = (process.TotalProcessorTime - cpu0).TotalSeconds;
        }
        Array.Sort(wall);
        Array.Sort(cpu);
        return (wall[Iterations / 2], Math.Max(cpu[Iterations / 2], 1e-6));
    }

    /// <summary>A stand-in saliency map: a soft ellipse in the middle, as photos often centre their subject.</summary>
    internal static BlockImportance CentreWeighted(int width, int height)
    {
        var (bw, bh) = BlockImportance.GridSize(width, height);
        var v = new float[bw * bh];
        for (int y = 0; y < bh; y++)
        for (int x = 0; x < bw; x++)
        {
            double dx = (x + 0.5) / bw - 0.5, dy = (y + 0.5) / bh - 0.5;
            double r = Math.Sqrt(dx * dx + dy * dy) / 0.35;
            v[y * bw + x] = (float)Math.Clamp(1.5 - r, 0, 1);
        }
        return new BlockImportance(bw, bh, v);
    }
}
