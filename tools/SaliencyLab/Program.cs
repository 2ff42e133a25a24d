using System.Diagnostics;
using System.Globalization;
using System.Text;
using ImageMagick;
using Microsoft.ML.OnnxRuntime;
using SemanticJpeg.Imaging;
using SemanticJpeg.ModelPatcher;
using SemanticJpeg.Saliency;

// Measuring tool for the saliency stage; see README.md beside this file.
//   features PHOTOS OUT [--scales 224,320,448] [--model NAME]
//       per photo and scale: every model output as NAME_s<scale>_<output>.npy [C,h,w] float32, and
//       NAME.json with the photo size, the network input sizes and the image structure.
//   synthetic X OUT
//       images without a subject (flat, black, white, noise, noisy grey, sky gradient, facade,
//       checkerboard) as OUT/NAME.png, for the confidence gate.
//   raw PHOTOS OUT
//       the fused border distance (before calibration) of every photo as OUT/NAME_raw.npy.
//   network X X [--threads 1,2] [--scales 224,320,448] [--parallel N]
//       the network alone on a 768x512 photo's input sizes, per thread count, spinning on and off.
//   maps PHOTOS OUT [--model NAME] [Option=Value ...]
//       the product's map (SaliencyModel.Compute) of every photo as OUT/NAME.png (255 = most salient),
//       under SaliencyOptions.Default with the given properties changed (Scales=320 or Scales=224+448,
//       CenterPriorStrength=0.5, ...); prints time per photo and the diagnostics.
//   calibrate PHOTOS OUTDIR [--scales 224,320] [--manifest models/resnet18.json]
//       the 8-bit quantisation's activation ranges: the manifest's float model (batch normalisation
//       folded) run on every photo at each scale, [min, max] of every activation the quantised model
//       carries, written as OUTDIR/<the manifest's quantization.ranges file>.
if (args.Length < 3) return Usage();
string command = args[0], photos = args[1], output = args[2];
var rest = args.Skip(3).ToList();
string model = TakeOption(rest, "--model") ?? SaliencyModelCatalog.DefaultModelName;
Directory.CreateDirectory(output);
var files = !Directory.Exists(photos) ? [] : Directory.EnumerateFiles(photos).Where(IsImage).OrderBy(p => p, StringComparer.Ordinal).ToList();
return command switch
{
    "features" => Features(files, output, model, ParseScales(TakeOption(rest, "--scales") ?? "224,320,448")),
    "maps" => Maps(files, output, model, rest),
    "network" => Network(model, rest),
    "raw" => Raw(files, output, model),
    "synthetic" => Synthetic(output),
    "sessions" => Sessions(model),
    "calibrate" => Calibrate(files, photos, output, rest),
    _ => Usage(),
};

static int Calibrate(List<string> files, string photos, string output, List<string> rest)
{
    string manifest = TakeOption(rest, "--manifest") ?? Path.Combine(RepoRoot.Find(Environment.CurrentDirectory) ?? ".", "models", "resnet18.json");
    int[] scales = ParseScales(TakeOption(rest, "--scales") ?? "224,320");
    string rangesFile = SaliencyModelPatcher.RangesFileName(manifest)
        ?? throw new InvalidOperationException($"{manifest} has no quantization section: nothing to calibrate.");
    var graph = ConvGraph.Read(SaliencyModelPatcher.Build(manifest, null, quantize: false));
    graph.FoldBatchNorm();
    var activations = graph.Activations().ToArray();
    var model = SaliencyModel.Get(); // the input's normalisation and size rule, as the product feeds the network
    using var session = new InferenceSession(graph.WriteFloat(activations));
    var ranges = new ActivationRanges
    {
        Source = $"tools/SaliencyLab calibrate: {files.Count} photos of {photos.TrimEnd('/')}/ at short sides {string.Join(", ", scales)}; [min, max] over all",
    };
    foreach (var file in files)
    {
        var photo = Load(file);
        foreach (int scale in scales)
        {
            var tensor = model.InputTensor(photo, SaliencyOptions.Default with { Scales = [scale] }, out int w, out int h);
            using var input = OrtValue.CreateTensorValueFromMemory(tensor, [1, 3, h, w]);
            using var runOptions = new RunOptions();
            using var results = session.Run(runOptions, [graph.InputName], [input], activations);
            for (int i = 0; i < activations.Length; i++) ranges.Add(activations[i], results[i].GetTensorDataAsSpan<float>());
        }
        Console.WriteLine($"{Path.GetFileName(file)}: {photo.Width}x{photo.Height}");
    }
    string path = Path.Combine(output, rangesFile);
    File.WriteAllText(path, ranges.ToJson());
    Console.WriteLine($"{activations.Length} activation ranges written to {path}");
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: features PHOTOS OUT [--scales 224,320,448] [--model NAME] | maps PHOTOS OUT [--model NAME] [Option=Value ...]");
    return 2;
}

static bool IsImage(string p) => p.EndsWith(".png", StringComparison.OrdinalIgnoreCase) || p.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase);

static string? TakeOption(List<string> rest, string name)
{
    int i = rest.IndexOf(name);
    if (i < 0 || i + 1 >= rest.Count) return null;
    string value = rest[i + 1];
    rest.RemoveRange(i, 2);
    return value;
}

static int[] ParseScales(string text) => text.Split(',', '+').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();

static PixelImage Load(string path)
{
    using var image = new MagickImage(path);
    return MagickPixelConverter.ToPixelImage(image, keepGrey: false);
}

static int Features(List<string> files, string output, string modelName, int[] scales)
{
    var model = SaliencyModel.Get(modelName);
    using var sessionOptions = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, IntraOpNumThreads = SaliencyOptions.DefaultThreads, InterOpNumThreads = 1 };
    using var session = new InferenceSession(model.ModelPath, sessionOptions);
    var names = model.Manifest.Outputs.Select(o => o.Name).ToArray();
    foreach (var file in files)
    {
        string name = Path.GetFileNameWithoutExtension(file);
        var photo = Load(file);
        var json = new StringBuilder($"{{\"width\": {photo.Width}, \"height\": {photo.Height}, \"scales\": {{");
        for (int si = 0; si < scales.Length; si++)
        {
            var tensor = model.InputTensor(photo, SaliencyOptions.Default with { Scales = [scales[si]] }, out int w, out int h);
            using var input = OrtValue.CreateTensorValueFromMemory(tensor, [1, 3, h, w]);
            using var runOptions = new RunOptions();
            using var results = session.Run(runOptions, [model.Manifest.Input.Name], [input], names);
            for (int i = 0; i < names.Length; i++)
            {
                var shape = results[i].GetTensorTypeAndShape().Shape;
                WriteNpy(Path.Combine(output, $"{name}_s{scales[si]}_{i}.npy"), results[i].GetTensorDataAsSpan<float>(), shape.Skip(1).ToArray());
            }
            json.Append(CultureInfo.InvariantCulture, $"{(si > 0 ? ", " : "")}\"{scales[si]}\": {{\"input\": [{w}, {h}]}}");
        }
        json.Append("}}");
        File.WriteAllText(Path.Combine(output, name + ".json"), json.ToString());
        Console.WriteLine($"{name}: {photo.Width}x{photo.Height}");
    }
    return 0;
}

static int Maps(List<string> files, string output, string modelName, List<string> settings)
{
    var model = SaliencyModel.Get(modelName);
    var options = SaliencyOptions.Default;
    foreach (var setting in settings)
    {
        var parts = setting.Split('=', 2);
        var property = typeof(SaliencyOptions).GetProperty(parts[0]) ?? throw new ArgumentException($"SaliencyOptions has no property '{parts[0]}'.");
        object value = property.PropertyType == typeof(IReadOnlyList<int>)
            ? ParseScales(parts[1]).ToList()
            : Convert.ChangeType(parts[1], property.PropertyType, CultureInfo.InvariantCulture);
        options = options with { };
        property.SetValue(options, value);
    }
    Console.WriteLine($"options: {options}");
    foreach (var file in files)
    {
        string name = Path.GetFileNameWithoutExtension(file);
        var photo = Load(file);
        model.Compute(photo, options);
        long start = Stopwatch.GetTimestamp();
        var grid = model.ComputeGrid(photo, options, out var d);
        var map = model.Compute(photo, options);
        double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds / 2;
        using var image = MagickPixelConverter.ToMagickImage(SaliencyRenderer.RenderGrey(map));
        image.Write(Path.Combine(output, name + ".png"), MagickFormat.Png);
        Console.WriteLine(FormattableString.Invariant($"{name,-16} {ms,6:F1} ms  peak {d.Peak:F3} spread {d.Spread:F3} confidence {d.Confidence:F2} grid {grid.Width}x{grid.Height} mean {map.Mean():F3} salient {map.SalientFraction():F3}"));
    }
    return 0;
}

// Network time alone at each input size, for intra-op thread counts and spinning on/off:
//   network X X --threads 1,2 --scales 224,320,448 [--parallel N]
static int Network(string modelName, List<string> rest)
{
    var model = SaliencyModel.Get(modelName);
    var threads = ParseScales(TakeOption(rest, "--threads") ?? "1,2");
    var scales = ParseScales(TakeOption(rest, "--scales") ?? "224,320,448");
    int parallel = int.Parse(TakeOption(rest, "--parallel") ?? "1", CultureInfo.InvariantCulture);
    var spins = (TakeOption(rest, "--spin") ?? "1,0").Split(',').Select(v => v == "1").ToArray();
    foreach (bool spin in spins)
        foreach (int t in threads)
        {
            using var so = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, IntraOpNumThreads = t, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
            so.AddSessionConfigEntry("session.intra_op.allow_spinning", spin ? "1" : "0");
            using var session = new InferenceSession(model.ModelPath, so);
            foreach (int s in scales)
            {
                var (w, h) = model.InputSizes(768, 512, SaliencyOptions.Default with { Scales = [s] })[0];
                var tensor = new float[3 * w * h];
                void RunOnce()
                {
                    using var input = OrtValue.CreateTensorValueFromMemory(tensor, [1, 3, h, w]);
                    using var ro = new RunOptions();
                    using var r = session.Run(ro, [model.Manifest.Input.Name], [input], model.Manifest.Outputs.Select(o => o.Name).ToArray());
                }
                RunOnce(); RunOnce();
                int runs = int.Parse(TakeOption(new List<string>(rest), "--runs") ?? "12", CultureInfo.InvariantCulture);
                var times = new List<double>();
                var cpu = new List<double>();
                var process = Process.GetCurrentProcess();
                for (int i = 0; i < runs; i++)
                {
                    process.Refresh();
                    var cpuStart = process.TotalProcessorTime;
                    long start = Stopwatch.GetTimestamp();
                    if (parallel == 1) RunOnce();
                    else Parallel.For(0, parallel, new ParallelOptions { MaxDegreeOfParallelism = parallel }, _ => RunOnce());
                    times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds / parallel);
                    process.Refresh();
                    cpu.Add((process.TotalProcessorTime - cpuStart).TotalMilliseconds / parallel);
                }
                times.Sort();
                cpu.Sort();
                Console.WriteLine(FormattableString.Invariant($"spin {(spin ? 1 : 0)} threads {t} parallel {parallel} {w}x{h}: wall median {times[runs / 2],6:F1} ms, min {times[0],6:F1} ms; CPU median {cpu[runs / 2],6:F1} ms, min {cpu[0],6:F1} ms per image"));
            }
        }
    return 0;
}

// The fused border distance before calibration, per photo: OUT/NAME_raw.npy [h,w].
static int Raw(List<string> files, string output, string modelName)
{
    var model = SaliencyModel.Get(modelName);
    foreach (var file in files)
    {
        var grid = model.ComputeRawGrid(Load(file), SaliencyOptions.Default, out float spread);
        WriteNpy(Path.Combine(output, Path.GetFileNameWithoutExtension(file) + "_raw.npy"), grid.Values, [grid.Height, grid.Width]);
    }
    return 0;
}

// Images without a subject (640x480 PNGs): flat grey, black, white, uniform noise, grey with sensor
// noise, a sky gradient, a facade of windows, a checkerboard.
// Time to load the model (first session) and to add a session with another thread count.
static int Sessions(string modelName)
{
    long start = Stopwatch.GetTimestamp();
    using var model = SaliencyModel.LoadUnshared(modelName);
    double load = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    var photo = new PixelImage(64, 64, 3);
    start = Stopwatch.GetTimestamp();
    model.Compute(photo, SaliencyOptions.Default with { Threads = SaliencyOptions.DefaultThreads });
    double first = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    start = Stopwatch.GetTimestamp();
    model.Compute(photo, SaliencyOptions.Default with { Threads = SaliencyOptions.DefaultThreads + 7 });
    double second = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    Console.WriteLine(FormattableString.Invariant($"load {load:F0} ms, first map {first:F0} ms, first map with a new thread count (new session) {second:F0} ms"));
    return 0;
}

static int Synthetic(string output)
{
    var images = new Dictionary<string, Func<int, int, int, byte>>
    {
        ["flat"] = (x, y, c) => 128,
        ["black"] = (x, y, c) => 0,
        ["white"] = (x, y, c) => 255,
        ["noise"] = (x, y, c) => (byte)Random.Shared.Next(256),
        ["noisygrey"] = (x, y, c) => (byte)Math.Clamp(128 + 5 * (Random.Shared.NextDouble() + Random.Shared.NextDouble() + Random.Shared.NextDouble() - 1.5) * 2, 0, 255),
        ["sky"] = (x, y, c) => (byte)(90 + y * 100 / 480 + c * 10),
        ["facade"] = (x, y, c) => (byte)((x % 64 is > 16 and < 48 && y % 60 is > 15 and < 45 ? 60 : 190) - 10 * c),
        ["checker"] = (x, y, c) => (byte)(((x / 40 + y / 40) % 2) * 200 + 30),
    };
    foreach (var (name, pixel) in images)
    {
        var image = new PixelImage(640, 480, 3);
        for (int y = 0; y < 480; y++)
            for (int x = 0; x < 640; x++)
                for (int c = 0; c < 3; c++) image.Pixels[3 * (y * 640 + x) + c] = pixel(x, y, c);
        using var magick = MagickPixelConverter.ToMagickImage(image);
        magick.Write(Path.Combine(output, name + ".png"), MagickFormat.Png);
    }
    return 0;
}

static void WriteNpy(string path, ReadOnlySpan<float> data, long[] shape)
{
    string header = $"{{'descr': '<f4', 'fortran_order': False, 'shape': ({string.Join(", ", shape)}{(shape.Length == 1 ? "," : "")}), }}";
    int total = 10 + header.Length + 1;
    header = header.PadRight(header.Length + (64 - total % 64) % 64) + "\n";
    using var stream = File.Create(path);
    stream.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
    stream.Write(BitConverter.GetBytes((ushort)header.Length));
    stream.Write(Encoding.ASCII.GetBytes(header));
    stream.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(data));
}
