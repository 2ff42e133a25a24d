using Microsoft.ML.OnnxRuntime;

namespace SemanticJpeg.Tests.Detection;

/// <summary>Runs an in-memory ONNX model once with ONNX Runtime (what the shipped detectors use).</summary>
internal static class OnnxRunner
{
    public static Dictionary<string, RefTensor> Run(byte[] model, IReadOnlyDictionary<string, RefTensor> inputs)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
        using var session = new InferenceSession(model, options);
        var names = inputs.Keys.ToArray();
        var values = names.Select(n => OrtValue.CreateTensorValueFromMemory(inputs[n].Data.ToArray(), inputs[n].Shape.Select(d => (long)d).ToArray())).ToArray();
        try
        {
            var outputs = session.OutputMetadata.Keys.ToArray();
            using var runOptions = new RunOptions();
            using var results = session.Run(runOptions, names, values, outputs);
            return outputs.Select((name, i) => (name, results[i]))
                .ToDictionary(p => p.name, p => new RefTensor(p.Item2.GetTensorTypeAndShape().Shape.Select(d => (int)d).ToArray(), p.Item2.GetTensorDataAsSpan<float>().ToArray()));
        }
        finally
        {
            foreach (var v in values) v.Dispose();
        }
    }
}
