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
    private const int WarmUp = 5;
    private const int Iterations = 11;

    public static void Run(string imagesDir)
    {
        var files = Directory.GetFiles(imagesDir)
            .Where(f => f.EndsWith(".png", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToArray();
        Console.WriteLine("Encoder benchmark (single thread, median of {0} after {1} warm-up runs; MP/s by wall clock | by CPU time)", Iterations, WarmUp);
        Console.WriteLine($"{"image",-22} {"MPix",6} {"ours Q75",14} {"ours to-size",14} {"magick Q75",14} {"ours/magick",13} {"rate/fixed",13} {"trellis r/f",14}");
        double totalMp = 0;
        var total = new (double Wall, double Cpu)[4];
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
            var ours = Median(() =>
            {
                using var encoder = new RegionQualityEncoder(image, uniform, options);
                return encoder.EncodeUniform(75);
            });
            var rate = Median(() =>
            {
                using var encoder = new RegionQualityEncoder(image, map, options);
                return encoder.EncodeToSize(target);
            });
            var trellisOptions = new JpegWriterOptions { Subsampling = ChromaSubsampling.Yuv420, Trellis = true };
            var rateTrellis = Median(() =>
            {
                using var encoder = new RegionQualityEncoder(image, map, trellisOptions);
                return encoder.EncodeToSize(target);
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
            total[1] = (total[1].Wall + rate.Wall, total[1].Cpu + rate.Cpu);
            total[2] = (total[2].Wall + magick.Wall, total[2].Cpu + magick.Cpu);
            total[3] = (total[3].Wall + rateTrellis.Wall, total[3].Cpu + rateTrellis.Cpu);
            Print(Path.GetFileName(file), mp, ours, rate, magick, rateTrellis);
        }
        Print("all", totalMp, total[0], total[1], total[2], total[3]);
        Console.WriteLine("ours/magick = our fixed-Q speed relative to Magick.NET (goal >= 0.5); rate/fixed = rate-controlled (default dead zone) relative to our fixed-Q (goal >= 0.5, i.e. within 2x); trellis r/f = the same with Trellis = true.");
    }

    private static void Print(string name, double mp, (double Wall, double Cpu) ours, (double Wall, double Cpu) rate, (double Wall, double Cpu) magick, (double Wall, double Cpu) trellis)
    {
        static string Pair(double a, double b, string f) => $"{a.ToString(f)} | {b.ToString(f)}";
        Console.WriteLine($"{name,-22} {mp,6:F3} {Pair(mp / ours.Wall, mp / ours.Cpu, "F1"),14} {Pair(mp / rate.Wall, mp / rate.Cpu, "F1"),14} " +
                          $"{Pair(mp / magick.Wall, mp / magick.Cpu, "F1"),14} {Pair(magick.Wall / ours.Wall, magick.Cpu / ours.Cpu, "F2"),13} {Pair(ours.Wall / rate.Wall, ours.Cpu / rate.Cpu, "F2"),13} {Pair(ours.Wall / trellis.Wall, ours.Cpu / trellis.Cpu, "F2"),14}");
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
    private static BlockImportance CentreWeighted(int width, int height)
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
