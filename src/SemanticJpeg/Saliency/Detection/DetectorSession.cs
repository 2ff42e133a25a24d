using System.Collections.Concurrent;
using Microsoft.ML.OnnxRuntime;

namespace SemanticJpeg.Saliency.Detection;

/// <summary>
/// One ONNX Runtime session per detector model for the whole process (created on first use,
/// never disposed: the models are small and <see cref="InferenceSession.Run(IReadOnlyCollection{NamedOnnxValue})"/> is thread-safe,
/// so parallel encodes share it). Two intra-op threads: the networks are tiny (256x256) and the
/// cmdlets already run several photos in parallel.
/// </summary>
internal sealed class DetectorSession
{
    private static readonly ConcurrentDictionary<string, Lazy<DetectorSession>> Shared = new(StringComparer.Ordinal);

    private readonly InferenceSession _session;

    private DetectorSession(DetectorManifest manifest)
    {
        Manifest = manifest;
        var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = Math.Clamp(Environment.ProcessorCount, 1, 2),
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

    public static DetectorSession Get(string name) =>
        Shared.GetOrAdd(name, n => new Lazy<DetectorSession>(() => new DetectorSession(DetectorManifest.Find(n)))).Value;

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
