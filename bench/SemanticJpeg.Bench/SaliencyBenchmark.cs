using System.Diagnostics;
using ImageMagick;
using SemanticJpeg.Imaging;
using SemanticJpeg.Saliency;

namespace SemanticJpeg.Bench;

/// <summary>
/// Saliency map timings (warm, median and minimum of several runs) for a 768x512 photo at the default setting
/// and at each input scale, plus the model-only share. With SEMANTICJPEG_OVERLAYS set to a folder,
/// also writes &lt;name&gt;-saliency.jpg heat-map overlays of every photo in the images folder
/// (how examples/overlays/ is made; see models/README.md).
/// </summary>
internal static class SaliencyBenchmark
{
    public const string OverlaysVariable = "SEMANTICJPEG_OVERLAYS";

    public static void Run(string imagesDir)
    {
        var model = SaliencyModelCache.Get(Environment.GetEnvironmentVariable("SEMANTICJPEG_BENCH_MODEL") ?? SaliencyModelCatalog.DefaultModelName);
        Console.WriteLine($"Saliency: model {model.Name} ({model.ModelPath}), {Environment.ProcessorCount} cores, intra-op threads {Math.Clamp(Environment.ProcessorCount, 1, 4)}");

        var photo = LoadResized(Path.Combine(imagesDir, "motorcycle_left.png"), 768, 512);
        int runs = int.TryParse(Environment.GetEnvironmentVariable("SEMANTICJPEG_BENCH_RUNS"), out var r) ? Math.Max(1, r) : 9;

        var settings = new (string Label, SaliencyOptions Options)[]
        {
            ("default (" + string.Join("+", SaliencyOptions.Default.Scales) + ")", SaliencyOptions.Default),
            ("224", SaliencyOptions.Default with { Scales = [224] }),
            ("320", SaliencyOptions.Default with { Scales = [320] }),
            ("448", SaliencyOptions.Default with { Scales = [448] }),
            ("224+448", SaliencyOptions.Default with { Scales = [224, 448] }),
        };
        // On a shared machine the median is noisy; the minimum shows what the code costs undisturbed.
        Console.WriteLine($"768x512 photo, warm, {runs} runs (median / min ms):");
        Console.WriteLine($"{"scales",-22} {"map",15} {"model only",15}  input");
        foreach (var (label, options) in settings)
        {
            model.Compute(photo, options); // warm-up: first run at a new size plans memory
            var total = Time(runs, () => model.Compute(photo, options));
            var sizes = model.InputSizes(photo.Width, photo.Height, options);
            var parts = sizes.Select(s => Time(runs, () => model.RunNetwork(new float[3 * s.Width * s.Height], s.Width, s.Height))).ToList();
            var modelOnly = (parts.Sum(p => p.Median), parts.Sum(p => p.Min));
            Console.WriteLine($"{label,-22} {total.Median,7:F1} / {total.Min,5:F1} {modelOnly.Item1,7:F1} / {modelOnly.Item2,5:F1}  {string.Join(" + ", sizes.Select(s => $"{s.Width}x{s.Height}"))}");
        }

        var huge = LoadResized(Path.Combine(imagesDir, "motorcycle_left.png"), 6000, 4000);
        var hugeTime = Time(3, () => model.Compute(huge));
        Console.WriteLine($"6000x4000 photo, default: {hugeTime.Median:F1} / {hugeTime.Min:F1} ms (map at full size)");

        if (Environment.GetEnvironmentVariable(OverlaysVariable) is { Length: > 0 } folder)
            WriteOverlays(model, imagesDir, folder);
    }

    /// <summary>Writes &lt;name&gt;-saliency.jpg (overlay, q85, at most 640 px wide) for each photo.</summary>
    public static void WriteOverlays(SaliencyModel model, string imagesDir, string folder)
    {
        Directory.CreateDirectory(folder);
        foreach (var path in Directory.EnumerateFiles(imagesDir).Where(p => p.EndsWith(".png", StringComparison.OrdinalIgnoreCase) || p.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase)).OrderBy(p => p, StringComparer.Ordinal))
        {
            using var image = new MagickImage(path);
            var photo = MagickPixelConverter.ToPixelImage(image, keepGrey: false);
            var map = model.Compute(photo);
            using var overlay = MagickPixelConverter.ToMagickImage(SaliencyRenderer.RenderOverlay(photo, map));
            if (overlay.Width > 640) overlay.Resize(640, 0);
            overlay.Quality = 85;
            overlay.Strip();
            string output = Path.Combine(folder, Path.GetFileNameWithoutExtension(path) + "-saliency.jpg");
            overlay.Write(output, MagickFormat.Jpeg);
            Console.WriteLine($"  {output}: salient share {map.SalientFraction():P0}");
        }
    }

    private static PixelImage LoadResized(string path, int width, int height)
    {
        using var image = new MagickImage(path);
        image.Resize(new MagickGeometry((uint)width, (uint)height) { IgnoreAspectRatio = true });
        return MagickPixelConverter.ToPixelImage(image, keepGrey: false);
    }

    private static (double Median, double Min) Time(int runs, Action action)
    {
        var times = new double[runs];
        for (int i = 0; i < runs; i++)
        {
            long start = Stopwatch.GetTimestamp();
            action();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        Array.Sort(times);
        return (times[runs / 2], times[0]);
    }
}
