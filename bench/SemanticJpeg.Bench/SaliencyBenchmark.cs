using System.Diagnostics;
using ImageMagick;
using SemanticJpeg.Imaging;
using SemanticJpeg.Pipeline;
using SemanticJpeg.Saliency;

namespace SemanticJpeg.Bench;

/// <summary>
/// Saliency map timings for a 768x512 photo, warm: the default map (what the writer asks for:
/// the map and its 8x8 block means) with 1 and 2 network threads, every input scale with the
/// network's share, a 6000x4000 photo, and the map's share of a whole conversion. Wall time (median
/// and minimum of several runs) and this process's CPU time per run, which a shared machine
/// disturbs far less. With SEMANTICJPEG_OVERLAYS set to a folder, also writes
/// &lt;name&gt;-saliency.jpg heat-map overlays of every photo in the images folder (how
/// examples/overlays/ is made; see models/README.md).
/// </summary>
internal static class SaliencyBenchmark
{
    public const string OverlaysVariable = "SEMANTICJPEG_OVERLAYS";

    public static void Run(string imagesDir)
    {
        var model = SaliencyModel.Get(Environment.GetEnvironmentVariable("SEMANTICJPEG_BENCH_MODEL") ?? SaliencyModelCatalog.DefaultModelName);
        int cores = Environment.ProcessorCount;
        Console.WriteLine($"Saliency: model {model.Name} ({model.ModelPath}), {cores} cores, default network threads {SaliencyOptions.Default.EffectiveThreads}");

        var photo = LoadResized(Path.Combine(imagesDir, "motorcycle_left.png"), 768, 512);
        int runs = int.TryParse(Environment.GetEnvironmentVariable("SEMANTICJPEG_BENCH_RUNS"), out var r) ? Math.Max(3, r) : 15;

        Console.WriteLine($"768x512 photo, warm, {runs} runs: wall median / min ms, CPU ms per map (all threads)");
        Console.WriteLine($"{"setting",-34} {"wall",15} {"cpu",7} {"network only",22}  input");
        var settings = new List<(string Label, SaliencyOptions Options)>();
        foreach (int threads in new[] { 1, 2 }.Where(t => t <= cores))
            settings.Add(($"default ({string.Join("+", SaliencyOptions.Default.Scales)}), {threads} thread{(threads > 1 ? "s" : "")}", SaliencyOptions.Default with { Threads = threads }));
        foreach (int scale in new[] { 224, 288, 320, 384, 448 })
            settings.Add(($"{scale}, {SaliencyOptions.Default.EffectiveThreads} threads", SaliencyOptions.Default with { Scales = [scale] }));
        foreach (var (label, options) in settings)
        {
            // What the writer asks for: the map and its block means (no full-size map).
            void Map() => model.Compute(photo, options).BlockMeans(8, out _, out _);
            Map(); // warm-up: the first run at a new size plans memory (and creates the session for a new thread count)
            var total = Time(runs, Map);
            var sizes = model.InputSizes(photo.Width, photo.Height, options);
            var parts = sizes.Select(s => Time(runs, () => model.RunNetwork(new float[3 * s.Width * s.Height], s.Width, s.Height, options.EffectiveThreads))).ToList();
            Console.WriteLine($"{label,-34} {total.Median,7:F1} / {total.Min,5:F1} {total.Cpu,7:F1} {parts.Sum(p => p.Median),8:F1} / {parts.Sum(p => p.Min),5:F1} {parts.Sum(p => p.Cpu),6:F1}  {string.Join(" + ", sizes.Select(s => $"{s.Width}x{s.Height}"))}");
        }

        var huge = LoadResized(Path.Combine(imagesDir, "motorcycle_left.png"), 6000, 4000);
        var blocksOnly = Time(3, () => model.Compute(huge).BlockMeans(8, out _, out _));
        var fullMap = Time(3, () => _ = model.Compute(huge).Values);
        Console.WriteLine($"6000x4000 photo, default: map + block means {blocksOnly.Median:F1} / {blocksOnly.Min:F1} ms; with the full-size map (96 MB) {fullMap.Median:F1} / {fullMap.Min:F1} ms");

        // The map's share of a whole conversion of the same photo (one worker, one network thread).
        var loaded = new LoadedImage(photo, "PNG");
        var encodeOptions = new SemanticJpegOptions { Saliency = SaliencyOptions.Default with { Threads = 1 } };
        SemanticJpegEncoder.Encode(loaded, encodeOptions);
        var convert = Time(Math.Max(3, runs / 3), () => SemanticJpegEncoder.Encode(loaded, encodeOptions));
        var mapOne = Time(runs, () => model.Compute(photo, encodeOptions.Saliency).BlockMeans(8, out _, out _));
        Console.WriteLine($"768x512 conversion (-Quality 75, 1 thread): {convert.Cpu:F1} ms CPU, of which the map {mapOne.Cpu:F1} ms ({mapOne.Cpu / convert.Cpu:P0})");

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

    internal static PixelImage LoadResized(string path, int width, int height)
    {
        using var image = new MagickImage(path);
        image.Resize(new MagickGeometry((uint)width, (uint)height) { IgnoreAspectRatio = true });
        return MagickPixelConverter.ToPixelImage(image, keepGrey: false);
    }

    /// <summary>Median and minimum wall ms, and the median of this process's CPU ms per run.</summary>
    private static (double Median, double Min, double Cpu) Time(int runs, Action action)
    {
        var times = new double[runs];
        var cpu = new double[runs];
        var process = Process.GetCurrentProcess();
        for (int i = 0; i < runs; i++)
        {
            process.Refresh();
            var cpuStart = process.TotalProcessorTime;
            long start = Stopwatch.GetTimestamp();
            action();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            process.Refresh();
            cpu[i] = (process.TotalProcessorTime - cpuStart).TotalMilliseconds;
        }
        Array.Sort(times);
        Array.Sort(cpu);
        return (times[runs / 2], times[0], cpu[runs / 2]);
    }
}
