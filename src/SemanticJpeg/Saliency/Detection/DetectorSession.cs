using System.Collections.Concurrent;
using Microsoft.ML.OnnxRuntime;

namespace SemanticJpeg.Saliency.Detection;

/// <summary>
/// One ONNX Runtime session per detector model for the whole process (created on first use,
/// never disposed: the models are small and <see cref="InferenceSession.Run(IReadOnlyCollection{NamedOnnxValue})"/> is thread-safe,
/// so parallel encodes share it), one per thread count asked for. By default two intra-op threads (the
/// networks are tiny, 256x256); the cmdlets' parallel workers ask for their share of the cores instead, so
/// workers do not fight over them (as for the object model, <see cref="SaliencyOptions.Threads"/>).
/// </summary>
internal sealed class DetectorSession
{
    private static readonly ConcurrentDictionary<(string Name, int Threads), Lazy<DetectorSession>> Shared = new();

    private readonly InferenceSession _session;

    private DetectorSession(DetectorManifest manifest, int threads)
    {
        Manifest = manifest;
        var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        // No spin-waiting between the many small layers: the cmdlets run photos in parallel and a
        // spinning thread takes a core from another photo (and on a shared machine from others).
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        try
        {
            _session = new InferenceSession(manifest.ModelPath, options);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new SaliencyModelException($"ONNX Runtime cannot load detector '{manifest.ModelPath}': {ex.Message}", ex);
        }
        if (!_session.InputMetadata.ContainsKey(manifest.InputName))
            throw new SaliencyModelException($"Detector '{manifest.ModelPath}' has no input '{manifest.InputName}'; inputs: {string.Join(", ", _session.InputMetadata.Keys)}.");
    }

    public DetectorManifest Manifest { get; }

    /// <summary>Intra-op threads when the caller does not say: two, or one on a one-core machine.</summary>
    internal static int DefaultThreads => Math.Clamp(Environment.ProcessorCount, 1, 2);

    /// <param name="name">The detector's model name (its manifest beside the library).</param>
    /// <param name="threads">Intra-op threads; 0 = <see cref="DefaultThreads"/>.</param>
    public static DetectorSession Get(string name, int threads = 0)
    {
        int t = threads > 0 ? threads : DefaultThreads;
        return Shared.GetOrAdd((name, t), key => new Lazy<DetectorSession>(() => new DetectorSession(DetectorManifest.Find(key.Name), key.Threads))).Value;
    }

    /// <summary>Runs the model on an NHWC float input and returns the named outputs' values.</summary>
    public float[][] Run(float[] nhwc, string[] outputs)
    {
        var shape = new long[] { 1, Manifest.InputHeight, Manifest.InputWidth, 3 };
        using var input = OrtValue.CreateTensorValueFromMemory(nhwc, shape);
        using var runOptions = new RunOptions();
        using var results = _session.Run(runOptions, [Manifest.InputName], [input], outputs);
        return results.Select(r => r.GetTensorDataAsSpan<float>().ToArray()).ToArray();
    }
}
