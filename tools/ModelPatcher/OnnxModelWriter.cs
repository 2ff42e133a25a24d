using SemanticJpeg.ModelPatcher.Protobuf;

namespace SemanticJpeg.ModelPatcher;

/// <summary>
/// One tensor dimension of a graph input or output: a fixed size, or a named symbolic size that
/// ONNX Runtime binds at run time.
/// </summary>
public readonly record struct OnnxDim(long? Value, string? Param)
{
    public static implicit operator OnnxDim(long value) => new(value, null);
    public static implicit operator OnnxDim(string param) => new(null, param);
    public override string ToString() => Param ?? Value?.ToString() ?? "?";
}

/// <summary>An ONNX node attribute: ints, int, float, floats or string.</summary>
public sealed record OnnxAttribute(string Name, long? Int = null, float? Float = null, long[]? Ints = null, float[]? Floats = null, string? String = null);

/// <summary>An ONNX node with its inputs, outputs and attributes.</summary>
public sealed record OnnxNode(string OpType, string[] Inputs, string[] Outputs, params OnnxAttribute[] Attributes);

/// <summary>
/// Writes small ONNX models from scratch (float tensors only, no initializers), and the pieces the
/// patcher needs (value infos). Used by the tests to make tiny custom saliency models without a
/// download.
/// </summary>
public static class OnnxModelWriter
{
    public static byte[] WriteModel(string graphName, IEnumerable<OnnxNode> nodes,
        IEnumerable<(string Name, OnnxDim[] Shape)> inputs, IEnumerable<(string Name, OnnxDim[] Shape)> outputs,
        int opset = 13, long irVersion = 7)
    {
        var graph = new ProtoWriter();
        foreach (var node in nodes) graph.Message(OnnxFields.Graph.Node, WriteNode(node));
        graph.String(OnnxFields.Graph.Name, graphName);
        foreach (var (name, shape) in inputs) graph.Message(OnnxFields.Graph.Input, WriteFloatValueInfo(name, shape));
        foreach (var (name, shape) in outputs) graph.Message(OnnxFields.Graph.Output, WriteFloatValueInfo(name, shape));

        var model = new ProtoWriter();
        model.Varint(OnnxFields.Model.IrVersion, irVersion);
        model.String(OnnxFields.Model.ProducerName, "SemanticJpeg.ModelPatcher");
        model.Message(OnnxFields.Model.Graph, graph);
        model.Message(OnnxFields.Model.OpsetImport, w => w.String(OnnxFields.OperatorSet.Domain, "").Varint(OnnxFields.OperatorSet.Version, opset));
        return model.ToArray();
    }

    public static ProtoWriter WriteNode(OnnxNode node)
    {
        var w = new ProtoWriter();
        foreach (var i in node.Inputs) w.String(OnnxFields.Node.Input, i);
        foreach (var o in node.Outputs) w.String(OnnxFields.Node.Output, o);
        w.String(OnnxFields.Node.Name, node.Outputs.FirstOrDefault() ?? node.OpType);
        w.String(OnnxFields.Node.OpType, node.OpType);
        foreach (var a in node.Attributes)
        {
            w.Message(OnnxFields.Node.Attribute, aw =>
            {
                aw.String(OnnxFields.Attribute.Name, a.Name);
                if (a.Int is { } i) aw.Varint(OnnxFields.Attribute.I, i).Varint(OnnxFields.Attribute.Type, OnnxFields.Attribute.TypeInt);
                else if (a.Float is { } f) aw.Float(OnnxFields.Attribute.F, f).Varint(OnnxFields.Attribute.Type, OnnxFields.Attribute.TypeFloat);
                else if (a.Ints is { } ints) aw.PackedInt64s(OnnxFields.Attribute.Ints, ints).Varint(OnnxFields.Attribute.Type, OnnxFields.Attribute.TypeInts);
                else if (a.Floats is { } floats)
                {
                    foreach (var v in floats) aw.Float(OnnxFields.Attribute.Floats, v);
                    aw.Varint(OnnxFields.Attribute.Type, OnnxFields.Attribute.TypeFloats);
                }
                else if (a.String is { } str) aw.String(OnnxFields.Attribute.S, str).Varint(OnnxFields.Attribute.Type, OnnxFields.Attribute.TypeString);
                else throw new ArgumentException($"Attribute '{a.Name}' has no value.");
            });
        }
        return w;
    }

    /// <summary>A ValueInfoProto for a float tensor of the given shape.</summary>
    public static ProtoWriter WriteFloatValueInfo(string name, IReadOnlyList<OnnxDim> shape)
    {
        var shapeWriter = new ProtoWriter();
        foreach (var d in shape)
        {
            shapeWriter.Message(OnnxFields.TypeProto.ShapeDim, dw =>
            {
                if (d.Param is not null) dw.String(OnnxFields.TypeProto.DimParam, d.Param);
                else dw.Varint(OnnxFields.TypeProto.DimValue, d.Value ?? 0);
            });
        }
        var tensor = new ProtoWriter()
            .Varint(OnnxFields.TypeProto.TensorElemType, OnnxFields.TypeProto.ElemFloat)
            .Message(OnnxFields.TypeProto.TensorShape, shapeWriter);
        var type = new ProtoWriter().Message(OnnxFields.TypeProto.TensorType, tensor);
        return new ProtoWriter().String(OnnxFields.ValueInfo.Name, name).Message(OnnxFields.ValueInfo.Type, type);
    }
}
