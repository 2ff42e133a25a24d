using System.Diagnostics;
using ImageMagick;
using SemanticJpeg.Imaging;
using SemanticJpeg.Saliency;
using SemanticJpeg.Saliency.Detection;

namespace SemanticJpeg.Bench;

/// <summary>
/// Face detector and person segmenter timings on a 768x512 photo (warm; median and minimum), and,
/// in "detect-maps" mode, the fused maps of a folder of photos written as NAME.png (8-bit grey) for
/// scoring with the eval kit's saliency_auc.py, with and without detection.
/// </summary>
internal static class DetectionBenchmark
{
    public static void Run(string imagesDir)
    {
        var person = SaliencyBenchmark.LoadResized(Path.Combine(imagesDir, "astronaut.png"), 768, 512);
        var noPerson = SaliencyBenchmark.LoadResized(Path.Combine(imagesDir, "motorcycle_left.png"), 768, 512);
        int runs = int.TryParse(Environment.GetEnvironmentVariable("SEMANTICJPEG_BENCH_RUNS"), out var r) ? Math.Max(1, r) : 15;
        var uniform = SaliencyMap.Uniform(768, 512);
        SaliencyDetectors.Compute(person, DetectionKinds.All, () => uniform, out _); // warm-up: loads both sessions
        var faces = Time(runs, () => FaceDetector.Detect(person));
        var people = Time(runs, () => PersonSegmenter.Segment(person));
        var foundFaces = FaceDetector.Detect(person);
        var mask = PersonSegmenter.Segment(person);
        var fusion = Time(runs, () => SaliencyFusion.Fuse(uniform, 768, 512, foundFaces, mask));
        var withFace = Time(runs, () => SaliencyDetectors.Compute(person, DetectionKinds.Faces | DetectionKinds.People, () => uniform, out _));
        var withoutFace = Time(runs, () => SaliencyDetectors.Compute(noPerson, DetectionKinds.Faces | DetectionKinds.People, () => uniform, out _));
        // On a shared machine the median is noisy; the minimum shows what the code costs undisturbed.
        Console.WriteLine($"Detection: 768x512 photos, warm, {runs} runs, {Environment.ProcessorCount} cores, intra-op threads {Math.Clamp(Environment.ProcessorCount, 1, 2)} (median / min wall ms, CPU ms per call):");
        Console.WriteLine($"  faces, photo with a face (2 passes)        {faces.Median,7:F1} / {faces.Min,5:F1}   cpu {faces.Cpu,5:F1}");
        Console.WriteLine($"  person mask                                {people.Median,7:F1} / {people.Min,5:F1}   cpu {people.Cpu,5:F1}");
        Console.WriteLine($"  fusion alone (768x512 map)                 {fusion.Median,7:F1} / {fusion.Min,5:F1}   cpu {fusion.Cpu,5:F1}");
        Console.WriteLine($"  faces + people + fusion, with a face       {withFace.Median,7:F1} / {withFace.Min,5:F1}   cpu {withFace.Cpu,5:F1}   (budget 25 ms)");
        Console.WriteLine($"  faces + people + fusion, no face           {withoutFace.Median,7:F1} / {withoutFace.Min,5:F1}   cpu {withoutFace.Cpu,5:F1}");
    }

    /// <summary>
    /// Writes OUT/VARIANT/NAME.png for every photo: "objects" (no detection), "faces" (objects +
    /// faces), "people" (objects + the person mask on every photo), "ungated" (all three, the mask on
    /// every photo), "all" (the default: the mask only where a face was found).
    /// </summary>
    public static void WriteMaps(string photosDir, string outDir)
    {
        var model = SaliencyModel.Get(SaliencyModelCatalog.DefaultModelName);
        foreach (var path in Directory.EnumerateFiles(photosDir, "*.png").Order(StringComparer.Ordinal))
        {
            using var image = new MagickImage(path);
            var photo = MagickPixelConverter.ToPixelImage(image, keepGrey: false);
            var objects = model.Compute(photo);
            var faces = FaceDetector.Detect(photo);
            var people = PersonSegmenter.Segment(photo);
            string name = Path.GetFileNameWithoutExtension(path);
            Write(outDir, "objects", name, objects);
            Write(outDir, "faces", name, SaliencyFusion.Fuse(objects, photo.Width, photo.Height, faces, null));
            Write(outDir, "people", name, SaliencyFusion.Fuse(objects, photo.Width, photo.Height, [], people));
            Write(outDir, "ungated", name, SaliencyFusion.Fuse(objects, photo.Width, photo.Height, faces, people));
            Write(outDir, "all", name, SaliencyDetectors.Compute(photo, DetectionKinds.All, () => objects, out var found));
            Console.WriteLine($"{name,-12} faces: {(faces.Count == 0 ? "none" : string.Join("; ", faces))}  segmenter area {people.Area():P1}, person area used {found.PersonArea:P1}");
        }
    }

    private static void Write(string outDir, string variant, string name, SaliencyMap map)
    {
        string folder = Path.Combine(outDir, variant);
        Directory.CreateDirectory(folder);
        var grey = new PixelImage(map.Width, map.Height, 1, map.Values.Select(v => (byte)Math.Clamp((int)MathF.Round(v * 255), 0, 255)).ToArray());
        using var img = MagickPixelConverter.ToMagickImage(grey);
        img.Write(Path.Combine(folder, name + ".png"), MagickFormat.Png);
    }

    /// <summary>
    /// Wall-clock median and minimum, and the process's CPU time per call: on a machine shared with
    /// other jobs the wall clock measures the others too, while the CPU time is what the call costs
    /// (the sessions do not spin-wait, so idle threads add nothing to it).
    /// </summary>
    private static (double Median, double Min, double Cpu) Time(int runs, Action action)
    {
        var times = new double[runs];
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        for (int i = 0; i < runs; i++)
        {
            long start = Stopwatch.GetTimestamp();
            action();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        double cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / runs;
        Array.Sort(times);
        return (times[runs / 2], times[0], cpuMs);
    }
}
