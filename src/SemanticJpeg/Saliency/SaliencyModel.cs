using System.Collections.Concurrent;
using Microsoft.ML.OnnxRuntime;
using SemanticJpeg.Imaging;

namespace SemanticJpeg.Saliency;

/// <summary>
/// A saliency model: ONNX Runtime sessions created once and reused for every image
/// (<see cref="InferenceSession.Run(RunOptions, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue}, IReadOnlyCollection{string})"/>
/// is thread-safe, so one instance serves parallel callers). One session per
/// <see cref="SaliencyOptions.Threads"/> value in use, sharing their pre-packed weights; the first
/// is created and checked against the description at load.
/// </summary>
public sealed class SaliencyModel : IDisposable
{
    private readonly ConcurrentDictionary<int, Lazy<Session>> _sessions = new();
    private readonly PrePackedWeightsContainer _prepacked = new();
    private readonly string[] _outputNames;
    private readonly string[] _inputNames;
    private int _disposed;

    /// <summary>A session and the options it owns.</summary>
    private sealed record Session(InferenceSession Inference, SessionOptions Options) : IDisposable
    {
        public void Dispose()
        {
            Inference.Dispose();
            Options.Dispose();
        }
    }

    private SaliencyModel(ResolvedSaliencyModel resolved, bool shared, int threads)
    {
        Name = resolved.Name;
        ModelPath = resolved.ModelPath;
        Manifest = resolved.Manifest;
        IsShared = shared;
        Session first;
        try
        {
            first = CreateSession(threads);
        }
        catch
        {
            _prepacked.Dispose();
            throw;
        }
        try
        {
            SaliencyModelValidator.Validate(resolved, first.Inference);
        }
        catch
        {
            first.Dispose();
            _prepacked.Dispose();
            throw;
        }
        _sessions[threads] = new Lazy<Session>(first);
        _inputNames = [Manifest.Input.Name];
        _outputNames = Manifest.Outputs.Select(o => o.Name).ToArray();
    }

    /// <summary>
    /// The model for a name (<c>resnet18</c>, the default, looked up in <c>SEMANTICJPEG_MODEL_PATH</c>
    /// and the <c>models</c> folder beside the library) or a path (an <c>.onnx</c> file with its
    /// <c>.json</c> description beside it, or the description itself; relative paths follow the
    /// current folder). One instance per model file for the whole process, created on first use and
    /// safe to share between threads; disposing it does nothing. If the model is not loaded yet, its
    /// first session gets the network threads of <paramref name="options"/> (<see cref="SaliencyOptions.Threads"/>),
    /// so callers that always use those do not pay for a second session.
    /// </summary>
    /// <exception cref="SemanticJpegException"><see cref="SemanticJpegErrorCode.ModelNotFound"/> when
    /// no such model (or its file) exists, <see cref="SemanticJpegErrorCode.ModelInvalid"/> when it
    /// cannot be used (a bad description, an ONNX file that does not match it).</exception>
    public static SaliencyModel Get(string? nameOrPath = null, SaliencyOptions? options = null)
    {
        try
        {
            return SaliencyModelCache.Get(nameOrPath, options);
        }
        catch (SaliencyModelException e)
        {
            throw new SemanticJpegException(e.IsNotFound ? SemanticJpegErrorCode.ModelNotFound : SemanticJpegErrorCode.ModelInvalid, e.Message, e);
        }
        catch (FileNotFoundException e)
        {
            throw new SemanticJpegException(SemanticJpegErrorCode.ModelNotFound, e.Message, e);
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or ArgumentException
                                      or OnnxRuntimeException or System.Text.Json.JsonException)
        {
            throw new SemanticJpegException(SemanticJpegErrorCode.ModelInvalid, $"Model '{nameOrPath}' cannot be used: {e.Message}", e);
        }
    }

    /// <summary>
    /// A new, unshared instance (its own sessions, disposed with it), with the raw
    /// <see cref="SaliencyModelException"/>s: for tests of bad models and for measuring load time.
    /// Everything else uses <see cref="Get"/>.
    /// </summary>
    internal static SaliencyModel LoadUnshared(string nameOrPath) => new(SaliencyModelCatalog.Resolve(nameOrPath), shared: false, SaliencyOptions.DefaultThreads);

    internal static SaliencyModel LoadShared(ResolvedSaliencyModel resolved, int threads) => new(resolved, shared: true, threads);

    /// <summary>The model's short name (from its description).</summary>
    public string Name { get; }

    /// <summary>Full path of the ONNX file.</summary>
    public string ModelPath { get; }

    /// <summary>The description the model was validated against.</summary>
    internal SaliencyModelManifest Manifest { get; }

    /// <summary>True for instances from <see cref="Get"/> (all but the internal unshared ones); disposing those does nothing.</summary>
    internal bool IsShared { get; }

    /// <summary>
    /// The saliency map of <paramref name="image"/> at its full resolution: the probability in [0, 1]
    /// that a pixel belongs to what people look at (1 = certainly subject, 0 = certainly background),
    /// uniform (<see cref="SaliencyOptions.NoSubjectLevel"/>) when the image has no clear subject.
    /// </summary>
    public SaliencyMap Compute(PixelImage image, SaliencyOptions? options = null)
    {
        var grid = ComputeGrid(image, options, out _);
        // Kept as the grid: the writer needs only block means, which the map computes from it.
        return new SaliencyMap(grid, image.Width, image.Height);
    }

    /// <summary>The finished map on the network's coarse grid (before upsampling), with the numbers behind it.</summary>
    internal SaliencyGrid ComputeGrid(PixelImage image, SaliencyOptions? options, out SaliencyDiagnostics diagnostics)
    {
        ArgumentNullException.ThrowIfNull(image);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        options ??= SaliencyOptions.Default;
        options.Validate();
        var raw = ComputeRawGrid(image, options, out float spread);
        return SaliencyMapBuilder.Build(raw, spread, image.Width, image.Height, Manifest.Outputs[0].IsFeatures, Manifest.Calibration, options, out diagnostics);
    }

    /// <summary>
    /// The fused model response on the coarse grid (border distance for features, probability for
    /// saliency outputs), averaged over scales, and the spread of its coarsest output (mean over scales).
    /// </summary>
    internal SaliencyGrid ComputeRawGrid(PixelImage image, SaliencyOptions options, out float spread)
    {
        var session = SessionFor(options.EffectiveThreads);
        var sizes = InputSizes(image.Width, image.Height, options);
        SaliencyGrid? sum = null;
        float[]? largest = null;
        int lw = 0, lh = 0;
        spread = 0;
        foreach (var (w, h) in sizes)
        {
            // Resample the photo once, to the largest input; smaller scales are made from that.
            float[] rgb = largest is null ? Resampler.ToPlanarRgb(image, w, h) : Resampler.ResizePlanes(largest, 3, lw, lh, w, h);
            if (largest is null) { largest = rgb; lw = w; lh = h; }
            var grid = Run(session, rgb, w, h, out float s);
            spread += s / sizes.Count;
            sum = sum is null ? grid : sum.Add(grid.ResizeTo(sum.Width, sum.Height));
        }
        return sizes.Count == 1 ? sum! : sum!.Scale(1f / sizes.Count);
    }

    /// <summary>
    /// The network input for the largest of <paramref name="options"/>' scales: the photo resampled to that input
    /// size and normalised as the description says (what one scale of <see cref="ComputeRawGrid"/> feeds the
    /// network; for the tools that run the network themselves).
    /// </summary>
    internal float[] InputTensor(PixelImage image, SaliencyOptions options, out int width, out int height)
    {
        (width, height) = InputSizes(image.Width, image.Height, options)[0];
        return ToTensor(Resampler.ToPlanarRgb(image, width, height), width * height, Manifest.Input);
    }

    /// <summary>Network input sizes for an image, largest first.</summary>
    internal List<(int Width, int Height)> InputSizes(int width, int height, SaliencyOptions options)
    {
        var size = Manifest.Input.Size;
        if (size.Mode == "fixed") return [(size.Width, size.Height)];
        var list = new List<(int, int)>();
        foreach (var shortSide in options.Scales.Distinct().OrderByDescending(s => s))
        {
            // Keep the aspect ratio (to within half a multiple) and round to the size rule. No
            // padding: padded borders light up as edges in the feature maps.
            double aspect = Math.Min(options.MaxAspect, Math.Max(width, height) / (double)Math.Min(width, height));
            double longSide = shortSide * aspect;
            int s = RoundTo(shortSide, size), l = RoundTo(longSide, size);
            list.Add(width >= height ? (l, s) : (s, l));
        }
        return list;
    }

    private static int RoundTo(double value, SaliencyModelInputSize rule)
    {
        int m = rule.Multiple;
        int rounded = (int)Math.Round(value / m, MidpointRounding.AwayFromZero) * m;
        return Math.Max(Math.Max(m, rule.Min), rounded);
    }

    /// <summary>
    /// One network run: the outputs fused on the finest grid by their weights (border distances are
    /// on one absolute scale, so no per-layer normalisation), and, for feature models, the spread of
    /// the coarsest output, the most semantic layer.
    /// </summary>
    private SaliencyGrid Run(Session session, float[] planarRgb, int width, int height, out float spread)
    {
        var grids = RunRaw(session, ToTensor(planarRgb, width * height, Manifest.Input), width, height);

        float totalWeight = Manifest.Outputs.Sum(o => o.Weight);
        SaliencyGrid? fused = null;
        var finest = grids.MaxBy(g => g.Width * g.Height)!;
        // A segmenter's probability already says whether there is a subject; border distance
        // responds to anything unlike the borders, so feature models also ask whether it is in one place.
        spread = Manifest.Outputs[0].IsFeatures ? grids.MinBy(g => g.Width * g.Height)!.TopSpread(SaliencyMapBuilder.SpreadShare) : 0f;
        for (int i = 0; i < grids.Length; i++)
        {
            var spec = Manifest.Outputs[i];
            if (spec.Weight == 0) continue;
            var g = grids[i].ResizeTo(finest.Width, finest.Height);
            if (spec.Weight != totalWeight) g = g.Scale(spec.Weight / totalWeight);
            fused = fused is null ? g : fused.Add(g);
        }
        return fused!;
    }

    /// <summary>
    /// Planar RGB (0..255) to the model's NCHW input: channel order, then (v * scale - mean) / std
    /// per tensor channel, as the description says.
    /// </summary>
    internal static float[] ToTensor(float[] planarRgb, int plane, SaliencyModelInput input)
    {
        var tensor = new float[3 * plane];
        bool bgr = input.ChannelOrder == "BGR";
        for (int c = 0; c < 3; c++)
        {
            int src = bgr ? 2 - c : c;
            float scale = input.Scale / input.Std[c], offset = -input.Mean[c] / input.Std[c];
            var s = planarRgb.AsSpan(src * plane, plane);
            var d = tensor.AsSpan(c * plane, plane);
            for (int i = 0; i < plane; i++) d[i] = s[i] * scale + offset;
        }
        return tensor;
    }

    /// <summary>Runs the network alone on a prepared NCHW tensor (for the benchmark).</summary>
    internal void RunNetwork(float[] tensor, int width, int height, int threads = 0) =>
        RunRaw(SessionFor(threads > 0 ? threads : SaliencyOptions.DefaultThreads), tensor, width, height);

    /// <summary>Runs the network on a prepared tensor; one grid per output (border distance or probability).</summary>
    private SaliencyGrid[] RunRaw(Session session, float[] tensor, int width, int height)
    {
        using var inputValue = OrtValue.CreateTensorValueFromMemory(tensor, [1, 3, height, width]);
        using var runOptions = new RunOptions();
        using var results = session.Inference.Run(runOptions, _inputNames, [inputValue], _outputNames);
        var grids = new SaliencyGrid[_outputNames.Length];
        for (int i = 0; i < grids.Length; i++)
        {
            var shape = results[i].GetTensorTypeAndShape().Shape;
            grids[i] = SaliencyMapBuilder.FromOutput(results[i].GetTensorDataAsSpan<float>(), shape, Manifest.Outputs[i]);
        }
        return grids;
    }

    /// <summary>The session with <paramref name="threads"/> intra-op threads, created on first use.</summary>
    private Session SessionFor(int threads)
    {
        var lazy = _sessions.GetOrAdd(threads, t => new Lazy<Session>(() => CreateSession(t), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return lazy.Value;
        }
        catch
        {
            _sessions.TryRemove(new KeyValuePair<int, Lazy<Session>>(threads, lazy));
            throw;
        }
    }

    private Session CreateSession(int threads)
    {
        var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        try
        {
            return new Session(new InferenceSession(ModelPath, options, _prepacked), options);
        }
        catch (OnnxRuntimeException ex)
        {
            options.Dispose();
            throw new SaliencyModelException($"ONNX Runtime cannot load saliency model '{ModelPath}': {ex.Message}", ex);
        }
        catch
        {
            options.Dispose();
            throw;
        }
    }

    /// <summary>Releases the sessions of an unshared instance; the shared instances <see cref="Get"/> returns ignore this.</summary>
    public void Dispose()
    {
        if (IsShared) return;
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        foreach (var lazy in _sessions.Values)
            if (lazy.IsValueCreated) lazy.Value.Dispose();
        _sessions.Clear();
        _prepacked.Dispose();
    }

    /// <summary>The model's name and file, e.g. <c>resnet18 (/path/models/resnet18-saliency.onnx)</c>.</summary>
    public override string ToString() => $"{Name} ({ModelPath})";
}
