using Microsoft.ML.OnnxRuntime;
using SemanticJpeg.Imaging;

namespace SemanticJpeg.Saliency;

/// <summary>
/// A saliency model: one ONNX Runtime session, created at load and reused for every image
/// (<see cref="InferenceSession.Run(RunOptions, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue}, IReadOnlyCollection{string})"/>
/// is thread-safe, so one instance serves parallel callers). The model's inputs and outputs are
/// checked against its description at load.
/// </summary>
public sealed class SaliencyModel : IDisposable
{
    private readonly InferenceSession _session;
    private readonly SessionOptions _sessionOptions;
    private readonly string[] _outputNames;
    private readonly string[] _inputNames;
    private int _disposed;

    private SaliencyModel(ResolvedSaliencyModel resolved, bool shared)
    {
        Name = resolved.Name;
        ModelPath = resolved.ModelPath;
        Manifest = resolved.Manifest;
        IsShared = shared;
        _sessionOptions = CreateSessionOptions();
        try
        {
            _session = new InferenceSession(resolved.ModelPath, _sessionOptions);
        }
        catch (OnnxRuntimeException ex)
        {
            _sessionOptions.Dispose();
            throw new SaliencyModelException($"ONNX Runtime cannot load saliency model '{resolved.ModelPath}': {ex.Message}", ex);
        }
        try
        {
            SaliencyModelValidator.Validate(resolved, _session);
        }
        catch
        {
            _session.Dispose();
            _sessionOptions.Dispose();
            throw;
        }
        _inputNames = [Manifest.Input.Name];
        _outputNames = Manifest.Outputs.Select(o => o.Name).ToArray();
    }

    /// <summary>Loads a model by name (<c>resnet18</c>) or path; see <see cref="SaliencyModelCatalog"/>.
    /// Prefer <see cref="SaliencyModelCache.Get"/>, which shares one instance per model.</summary>
    public static SaliencyModel Load(string nameOrPath) => new(SaliencyModelCatalog.Resolve(nameOrPath), shared: false);

    internal static SaliencyModel LoadShared(ResolvedSaliencyModel resolved) => new(resolved, shared: true);

    /// <summary>The model's short name (from its description).</summary>
    public string Name { get; }

    /// <summary>Full path of the ONNX file.</summary>
    public string ModelPath { get; }

    /// <summary>The description the model was validated against.</summary>
    public SaliencyModelManifest Manifest { get; }

    /// <summary>True for instances owned by <see cref="SaliencyModelCache"/>; disposing those does nothing.</summary>
    public bool IsShared { get; }

    /// <summary>
    /// The saliency map of <paramref name="image"/> at its full resolution: values in [0, 1], high on
    /// what people look at, 0 on empty background, uniform (<see cref="SaliencyOptions.NoSubjectLevel"/>)
    /// when the image has no clear subject.
    /// </summary>
    public SaliencyMap Compute(PixelImage image, SaliencyOptions? options = null)
    {
        var grid = ComputeGrid(image, options, out _);
        return SaliencyMapBuilder.ToImageSize(grid, image.Width, image.Height);
    }

    /// <summary>The finished map on the network's coarse grid (before upsampling), with the numbers behind it.</summary>
    internal SaliencyGrid ComputeGrid(PixelImage image, SaliencyOptions? options, out SaliencyDiagnostics diagnostics)
    {
        ArgumentNullException.ThrowIfNull(image);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        options ??= SaliencyOptions.Default;
        options.Validate();
        var raw = ComputeRawGrid(image, options, out float structure);
        return SaliencyMapBuilder.Build(raw, structure, image.Width, image.Height, Manifest.Outputs[0].IsFeatures, options, out diagnostics);
    }

    /// <summary>The fused model response on the coarse grid, before normalisation: averaged over scales.</summary>
    internal SaliencyGrid ComputeRawGrid(PixelImage image, SaliencyOptions options, out float structure)
    {
        structure = 0;
        var sizes = InputSizes(image.Width, image.Height, options);
        SaliencyGrid? sum = null;
        float[]? largest = null;
        int lw = 0, lh = 0;
        foreach (var (w, h) in sizes)
        {
            // Resample the photo once, to the largest input; smaller scales are made from that.
            float[] rgb = largest is null ? Resampler.ToPlanarRgb(image, w, h) : Resampler.ResizePlanes(largest, 3, lw, lh, w, h);
            if (largest is null) { largest = rgb; lw = w; lh = h; }
            structure = SaliencyMapBuilder.Structure(rgb, w, h); // measured at the smallest scale: cheapest, and what it needs to see
            var grid = Run(rgb, w, h);
            sum = sum is null ? grid : sum.Add(grid.ResizeTo(sum.Width, sum.Height));
        }
        return sum!.Scale(1f / sizes.Count);
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

    private SaliencyGrid Run(float[] planarRgb, int width, int height)
    {
        var grids = RunRaw(ToTensor(planarRgb, width * height, Manifest.Input), width, height);

        float totalWeight = Manifest.Outputs.Sum(o => o.Weight);
        SaliencyGrid? fused = null;
        var finest = grids.MaxBy(g => g.Width * g.Height)!;
        for (int i = 0; i < grids.Length; i++)
        {
            var spec = Manifest.Outputs[i];
            if (spec.Weight == 0) continue;
            var grid = grids[i];
            if (spec.IsFeatures)
            {
                // Layers differ in magnitude; scale each by its own robust maximum before they are fused.
                float high = grid.Quantile(0.99f);
                if (high > 1e-12f) grid = grid.Scale(1f / high);
            }
            var g = grid.ResizeTo(finest.Width, finest.Height).Scale(spec.Weight / totalWeight);
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
    internal void RunNetwork(float[] tensor, int width, int height) => RunRaw(tensor, width, height);

    /// <summary>Runs the network on a prepared tensor; one grid per output (channel mean, activation applied).</summary>
    private SaliencyGrid[] RunRaw(float[] tensor, int width, int height)
    {
        using var inputValue = OrtValue.CreateTensorValueFromMemory(tensor, [1, 3, height, width]);
        using var runOptions = new RunOptions();
        using var results = _session.Run(runOptions, _inputNames, [inputValue], _outputNames);
        var grids = new SaliencyGrid[_outputNames.Length];
        for (int i = 0; i < grids.Length; i++)
        {
            var shape = results[i].GetTensorTypeAndShape().Shape;
            grids[i] = SaliencyMapBuilder.FromOutput(results[i].GetTensorDataAsSpan<float>(), shape, Manifest.Outputs[i]);
        }
        return grids;
    }

    private static SessionOptions CreateSessionOptions()
    {
        var o = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            // Our machines have 2-8 cores and run several encodes side by side; more than 4
            // threads for one small CNN only adds synchronisation.
            IntraOpNumThreads = Math.Clamp(Environment.ProcessorCount, 1, 4),
            InterOpNumThreads = 1,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        return o;
    }

    /// <summary>Releases the session. Instances shared by <see cref="SaliencyModelCache"/> ignore this.</summary>
    public void Dispose()
    {
        if (IsShared) return;
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _session.Dispose();
        _sessionOptions.Dispose();
    }

    internal void DisposeShared()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _session.Dispose();
        _sessionOptions.Dispose();
    }

    public override string ToString() => $"{Name} ({ModelPath})";
}
