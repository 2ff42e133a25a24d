using SemanticJpeg.ModelPatcher.Protobuf;

namespace SemanticJpeg.ModelPatcher;

/// <summary>What to change in a graph: which input dims become symbolic, which tensors become the outputs.</summary>
public sealed record GraphPatch(
    string InputName,
    IReadOnlyDictionary<int, string> SymbolicInputDims,
    IReadOnlyList<string> Outputs,
    IReadOnlyDictionary<string, string> Metadata);

/// <summary>
/// Rewrites an ONNX model at the wire level:
/// <list type="bullet">
/// <item>the named input's chosen dims become symbolic (ONNX Runtime then accepts any size the
/// convolutions accept);</item>
/// <item>the graph outputs are replaced by the requested intermediate tensors, keeping their
/// leading dims (batch, channels) from the model's own value_info and making the spatial dims
/// symbolic;</item>
/// <item>nodes and initializers that no longer feed an output are removed (ResNet-18's final 7x7
/// AveragePool would otherwise fail on inputs whose /32 map is smaller than 7x7);</item>
/// <item>all value_info entries are dropped: they carry the fixed 224x224 shapes and would
/// contradict the symbolic input. ONNX Runtime re-infers them.</item>
/// </list>
/// Everything else (weights above all) is copied byte for byte, so patching is fast and the
/// output is deterministic.
/// </summary>
public static class OnnxGraphPatcher
{
    public static byte[] Patch(ReadOnlyMemory<byte> model, GraphPatch patch)
    {
        var modelFields = ProtoReader.Parse(model);
        var graphField = modelFields.SingleOrDefault(f => f.Number == OnnxFields.Model.Graph);
        if (graphField.Payload.IsEmpty)
            throw new InvalidDataException("The file is not an ONNX model: it has no graph.");

        var graph = ProtoReader.Parse(graphField.Payload);
        var shapes = graph
            .Where(f => f.Number is OnnxFields.Graph.ValueInfo or OnnxFields.Graph.Output or OnnxFields.Graph.Input)
            .Select(f => ReadValueInfo(f.Payload))
            .GroupBy(v => v.Name).ToDictionary(g => g.Key, g => g.First().Shape);

        var nodes = graph.Where(f => f.Number == OnnxFields.Graph.Node).Select(f => (Field: f, Node: ReadNode(f.Payload))).ToList();
        var producers = new HashSet<string>(nodes.SelectMany(n => n.Node.Outputs));
        foreach (var name in patch.Outputs)
        {
            if (!producers.Contains(name))
                throw new InvalidDataException($"The model has no tensor named '{name}' to expose as an output.");
        }
        if (!graph.Any(f => f.Number == OnnxFields.Graph.Input && ReadValueInfo(f.Payload).Name == patch.InputName))
            throw new InvalidDataException($"The model has no input named '{patch.InputName}'. Inputs: {string.Join(", ", graph.Where(f => f.Number == OnnxFields.Graph.Input).Select(f => ReadValueInfo(f.Payload).Name))}.");

        // Walk back from the outputs: keep only the nodes (and weights) that feed them.
        var needed = new HashSet<string>(patch.Outputs);
        var keep = new bool[nodes.Count];
        for (int i = nodes.Count - 1; i >= 0; i--)
        {
            if (!nodes[i].Node.Outputs.Any(needed.Contains)) continue;
            keep[i] = true;
            foreach (var input in nodes[i].Node.Inputs) needed.Add(input);
        }

        var g = new ProtoWriter(graphField.Payload.Length + 4096);
        bool outputsWritten = false;
        int nodeIndex = 0;
        foreach (var f in graph)
        {
            switch (f.Number)
            {
                case OnnxFields.Graph.Node:
                    if (keep[nodeIndex++]) g.Field(f);
                    break;
                case OnnxFields.Graph.Initializer:
                    if (needed.Contains(ReadTensorName(f.Payload))) g.Field(f);
                    break;
                case OnnxFields.Graph.Input:
                    var input = ReadValueInfo(f.Payload);
                    if (input.Name == patch.InputName)
                    {
                        var dims = input.Shape.ToArray();
                        foreach (var (axis, param) in patch.SymbolicInputDims)
                        {
                            if (axis >= dims.Length)
                                throw new InvalidDataException($"Input '{input.Name}' has rank {dims.Length}; cannot make axis {axis} symbolic.");
                            dims[axis] = param;
                        }
                        g.Message(OnnxFields.Graph.Input, OnnxModelWriter.WriteFloatValueInfo(input.Name, dims));
                    }
                    else if (needed.Contains(input.Name))
                        g.Field(f);
                    break;
                case OnnxFields.Graph.Output:
                    if (outputsWritten) break;
                    outputsWritten = true;
                    foreach (var name in patch.Outputs)
                        g.Message(OnnxFields.Graph.Output, OnnxModelWriter.WriteFloatValueInfo(name, OutputShape(name, shapes)));
                    break;
                case OnnxFields.Graph.ValueInfo:
                    break;
                default:
                    g.Field(f);
                    break;
            }
        }

        var m = new ProtoWriter(model.Length + 8192);
        foreach (var f in modelFields)
        {
            if (f.Number == OnnxFields.Model.Graph) m.Message(OnnxFields.Model.Graph, g);
            else if (f.Number == OnnxFields.Model.MetadataProps && patch.Metadata.ContainsKey(ReadMetadataKey(f.Payload))) continue;
            else m.Field(f);
        }
        foreach (var (key, value) in patch.Metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            m.Message(OnnxFields.Model.MetadataProps, w => w.String(OnnxFields.StringEntry.Key, key).String(OnnxFields.StringEntry.Value, value));
        return m.ToArray();
    }

    /// <summary>Name and shape of a ValueInfoProto (dims without value or param come back as "?").</summary>
    public static (string Name, OnnxDim[] Shape) ReadValueInfo(ReadOnlyMemory<byte> valueInfo)
    {
        string name = "";
        var dims = new List<OnnxDim>();
        foreach (var f in ProtoReader.Parse(valueInfo))
        {
            if (f.Number == OnnxFields.ValueInfo.Name) name = f.AsString();
            else if (f.Number == OnnxFields.ValueInfo.Type)
            {
                foreach (var t in ProtoReader.Parse(f.Payload).Where(t => t.Number == OnnxFields.TypeProto.TensorType))
                foreach (var s in ProtoReader.Parse(t.Payload).Where(s => s.Number == OnnxFields.TypeProto.TensorShape))
                foreach (var d in ProtoReader.Parse(s.Payload).Where(d => d.Number == OnnxFields.TypeProto.ShapeDim))
                {
                    var df = ProtoReader.Parse(d.Payload);
                    var value = df.Where(x => x.Number == OnnxFields.TypeProto.DimValue).Select(x => (long?)x.AsInt64()).FirstOrDefault();
                    var param = df.Where(x => x.Number == OnnxFields.TypeProto.DimParam).Select(x => x.AsString()).FirstOrDefault();
                    dims.Add(new OnnxDim(value, param ?? (value is null ? "?" : null)));
                }
            }
        }
        return (name, dims.ToArray());
    }

    private static OnnxDim[] OutputShape(string name, Dictionary<string, OnnxDim[]> shapes)
    {
        // Batch and channels stay as the exporter recorded them; height and width follow the input.
        if (shapes.TryGetValue(name, out var recorded) && recorded.Length == 4)
            return [recorded[0], recorded[1], name + "_height", name + "_width"];
        return [1, name + "_channels", name + "_height", name + "_width"];
    }

    private static (string[] Inputs, string[] Outputs) ReadNode(ReadOnlyMemory<byte> node)
    {
        var fields = ProtoReader.Parse(node);
        return (fields.Where(f => f.Number == OnnxFields.Node.Input).Select(f => f.AsString()).ToArray(),
                fields.Where(f => f.Number == OnnxFields.Node.Output).Select(f => f.AsString()).ToArray());
    }

    private static string ReadTensorName(ReadOnlyMemory<byte> tensor)
    {
        const int tensorName = 8; // TensorProto.name
        foreach (var f in ProtoReader.Parse(tensor))
            if (f.Number == tensorName) return f.AsString();
        return "";
    }

    private static string ReadMetadataKey(ReadOnlyMemory<byte> entry) =>
        ProtoReader.Parse(entry).Where(f => f.Number == OnnxFields.StringEntry.Key).Select(f => f.AsString()).FirstOrDefault() ?? "";
}
