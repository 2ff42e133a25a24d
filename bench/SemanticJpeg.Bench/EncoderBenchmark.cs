using System.Diagnostics;
using ImageMagick;
using SemanticJpeg.Imaging;
using SemanticJpeg.Jpeg;

namespace SemanticJpeg.Bench;

/// <summary>
/// Encoder throughput on the sample photos, all measured in this run on the same pixels: our fixed-quality
/// encode (constructor included: colour conversion, subsampling, DCT), our rate-controlled encode (to the size
/// of our Q50 file, with a centre-weighted map, constructor included), and Magick.NET's JPEG encode (Q75, 4:2:0,
/// optimised Huffman). Warm-up, then the median of several iterations.
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
        Console.WriteLine("Encoder benchmark (single thread, median of {0} after {1} warm-up runs)", Iterations, WarmUp);
        Console.WriteLine($"{"image",-22} {"MPix",6} {"ours Q75",10} {"ours size",10} {"magick Q75",11} {"ours/magick",12} {"rate/fixed",11}  (MP/s)");
        double totalMp = 0, tOurs = 0, tRate = 0, tMagick = 0;
        foreach (var file in files)
        {
            using var source = new MagickImage(file);
            source.HasAlpha = false;
            var image = MagickPixelConverter.ToPixelImage(source, keepGrey: false);
            double mp = image.PixelCount / 1e6;
            var map = CentreWeighted(image.Width, image.Height);
            var options = new JpegWriterOptions { Subsampling = ChromaSubsampling.Yuv420 };
            long target = new RegionQualityEncoder(image, map, options).EncodeUniform(50).Data.Length;

            double ours = Median(() => new RegionQualityEncoder(image, BlockImportance.Uniform(image.Width, image.Height), options).EncodeUniform(75));
            double rate = Median(() => new RegionQualityEncoder(image, map, options).EncodeToSize(target));
            using var magickImage = MagickPixelConverter.ToMagickImage(image);
            double magick = Median(() =>
            {
                using var clone = magickImage.Clone();
                clone.Quality = 75;
                clone.Settings.SetDefine(MagickFormat.Jpeg, "sampling-factor", "2x2");
                clone.Settings.SetDefine(MagickFormat.Jpeg, "optimize-coding", "true");
                return clone.ToByteArray(MagickFormat.Jpeg);
            });
            totalMp += mp; tOurs += ours; tRate += rate; tMagick += magick;
            Console.WriteLine($"{Path.GetFileName(file),-22} {mp,6:F3} {mp / ours,10:F1} {mp / rate,10:F1} {mp / magick,11:F1} {magick / ours,12:F2} {ours / rate,11:F2}");
        }
        Console.WriteLine($"{"all",-22} {totalMp,6:F3} {totalMp / tOurs,10:F1} {totalMp / tRate,10:F1} {totalMp / tMagick,11:F1} {tMagick / tOurs,12:F2} {tOurs / tRate,11:F2}");
        Console.WriteLine("ours/magick = our fixed-Q speed relative to Magick.NET (goal >= 0.5); rate/fixed = rate-controlled relative to our fixed-Q (goal >= 0.5, i.e. within 2x).");
    }

    /// <summary>Median seconds of one call.</summary>
    private static double Median<T>(Func<T> action)
    {
        for (int i = 0; i < WarmUp; i++) action();
        var times = new double[Iterations];
        for (int i = 0; i < Iterations; i++)
        {
            var sw = Stopwatch.StartNew();
            GC.KeepAlive(action());
            times[i] = sw.Elapsed.TotalSeconds;
        }
        Array.Sort(times);
        return times[Iterations / 2];
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
