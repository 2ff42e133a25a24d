using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace SemanticJpeg.Saliency;

/// <summary>Checks a loaded session against its description, with errors that say what to fix.</summary>
internal static class SaliencyModelValidator
{
    public static void Validate(ResolvedSaliencyModel resolved, InferenceSession session)
    {
        var m = resolved.Manifest;
        string where = $"Saliency model '{resolved.ModelPath}' (described by '{resolved.ManifestPath}')";

        if (!session.InputMetadata.TryGetValue(m.Input.Name, out var input))
            throw new SaliencyModelException($"{where}: the description names input '{m.Input.Name}', but the model's inputs are {Describe(session.InputMetadata)}.");
        if (session.InputMetadata.Count != 1)
            throw new SaliencyModelException($"{where}: the model has {session.InputMetadata.Count} inputs ({Describe(session.InputMetadata)}); only single-input models are supported.");
        CheckFloatTensor(where, "input", m.Input.Name, input);
        var dims = input.Dimensions;
        if (dims.Length != 4 || !(dims[0] is 1 or -1) || !(dims[1] is 3 or -1))
            throw new SaliencyModelException($"{where}: input '{m.Input.Name}' has shape {Shape(dims)}; an NCHW image input [1,3,H,W] is required.");
        var size = m.Input.Size;
        if (size.Mode == "fixed")
        {
            if (!(dims[2] == size.Height || dims[2] == -1) || !(dims[3] == size.Width || dims[3] == -1))
                throw new SaliencyModelException($"{where}: input '{m.Input.Name}' has shape {Shape(dims)}, but the description says a fixed {size.Width}x{size.Height} input.");
        }
        else if (dims[2] != -1 || dims[3] != -1)
        {
            throw new SaliencyModelException(
                $"{where}: input '{m.Input.Name}' has a fixed shape {Shape(dims)}, but the description says any multiple of {size.Multiple}. " +
                $"Use size mode 'fixed' with width {dims[3]} and height {dims[2]}, or patch the model (tools/ModelPatcher) to make height and width symbolic.");
        }

        foreach (var output in m.Outputs)
        {
            if (!session.OutputMetadata.TryGetValue(output.Name, out var meta))
                throw new SaliencyModelException(
                    $"{where}: the description names output '{output.Name}', but the model's outputs are {Describe(session.OutputMetadata)}." +
                    (output.IsFeatures ? " Was the model patched (dotnet run --project tools/ModelPatcher)?" : ""));
            CheckFloatTensor(where, "output", output.Name, meta);
            var od = meta.Dimensions;
            if (od.Length != 4 || !(od[0] is 1 or -1))
                throw new SaliencyModelException($"{where}: output '{output.Name}' has shape {Shape(od)}; a [1,C,h,w] map is required.");
            if (!output.IsFeatures && !(od[1] is 1 or -1))
                throw new SaliencyModelException($"{where}: output '{output.Name}' has shape {Shape(od)}; a 'saliency' output must be [1,1,h,w] (use kind 'features' for multi-channel activations).");
        }
    }

    private static void CheckFloatTensor(string where, string role, string name, NodeMetadata meta)
    {
        if (!meta.IsTensor || meta.ElementDataType != TensorElementType.Float)
            throw new SaliencyModelException($"{where}: {role} '{name}' is {(meta.IsTensor ? meta.ElementDataType.ToString() : meta.OnnxValueType.ToString())}; a float tensor is required.");
    }

    internal static string Shape(int[] dims) => "[" + string.Join(",", dims.Select(d => d < 0 ? "?" : d.ToString())) + "]";

    private static string Describe(IReadOnlyDictionary<string, NodeMetadata> metadata) =>
        string.Join(", ", metadata.Select(kv => $"'{kv.Key}' {Shape(kv.Value.Dimensions)}"));
}
