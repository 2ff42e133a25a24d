using System.Runtime.InteropServices;
using SemanticJpeg.ModelPatcher.Protobuf;

namespace SemanticJpeg.ModelPatcher;

/// <summary>
/// A convolutional ONNX graph (Conv, BatchNormalization, Relu, Add, MaxPool, as the patched ResNet-18 has)
/// held as nodes and float weights, so it can be rewritten: batch normalisation folded into the convolutions,
/// intermediate tensors exposed for calibration, and quantisation (<see cref="Int8Quantizer"/>). Attributes are
/// kept as their protobuf fields, so everything not rewritten is copied unchanged.
/// </summary>
public sealed class ConvGraph
{
    /// <summary>ONNX TensorProto data types used here.</summary>
    internal const int FloatType = 1, UInt8Type = 2, Int8Type = 3, Int32Type = 6;

    internal sealed class Node(string op, List<string> inputs, List<string> outputs, List<ProtoField> attributes)
    {
        public string Op { get; } = op;
        public List<string> Inputs { get; set; } = inputs;
        public List<string> Outputs { get; set; } = outputs;
        public List<ProtoField> Attributes { get; } = attributes;
        public List<(string Name, long Value)> IntAttributes { get; } = [];
    }

    internal sealed record Weights(long[] Dims, float[] Values);

    internal List<Node> Nodes { get; private set; } = [];
    internal Dictionary<string, Weights> Initializers { get; } = new(StringComparer.Ordinal);
    private readonly List<ProtoField> _metadata = [];
    private readonly List<ProtoField> _outputs = [];
    private ProtoField _input;

    /// <summary>The image input's name.</summary>
    public string InputName { get; private set; } = "";

    /// <summary>The graph's outputs, in order.</summary>
    public IReadOnlyList<string> OutputNames { get; private set; } = [];

    /// <summary>Reads a model whose initializers are all float tensors.</summary>
    public static ConvGraph Read(ReadOnlyMemory<byte> model)
    {
        var g = new ConvGraph();
        var fields = ProtoReader.Parse(model);
        g._metadata.AddRange(fields.Where(f => f.Number == OnnxFields.Model.MetadataProps));
        var graphField = fields.SingleOrDefault(f => f.Number == OnnxFields.Model.Graph);
        if (graphField.Payload.IsEmpty) throw new InvalidDataException("The file is not an ONNX model: it has no graph.");
        var graph = ProtoReader.Parse(graphField.Payload);
        foreach (var f in graph.Where(f => f.Number == OnnxFields.Graph.Initializer)) g.ReadInitializer(f.Payload);
        var outputs = new List<string>();
        foreach (var f in graph)
        {
            if (f.Number == OnnxFields.Graph.Node)
            {
                var n = ProtoReader.Parse(f.Payload);
                g.Nodes.Add(new Node(n.First(x => x.Number == OnnxFields.Node.OpType).AsString(),
                    n.Where(x => x.Number == OnnxFields.Node.Input).Select(x => x.AsString()).ToList(),
                    n.Where(x => x.Number == OnnxFields.Node.Output).Select(x => x.AsString()).ToList(),
                    n.Where(x => x.Number == OnnxFields.Node.Attribute).ToList()));
            }
            else if (f.Number == OnnxFields.Graph.Input)
            {
                // Old IR versions list the weights as inputs too; the image is the one input that is not one.
                var name = OnnxGraphPatcher.ReadValueInfo(f.Payload).Name;
                if (g.Initializers.ContainsKey(name)) continue;
                if (g.InputName.Length > 0) throw new InvalidDataException($"The graph has a second input '{name}'; this rewriter handles one image input.");
                g.InputName = name;
                g._input = f;
            }
            else if (f.Number == OnnxFields.Graph.Output)
            {
                g._outputs.Add(f);
                outputs.Add(OnnxGraphPatcher.ReadValueInfo(f.Payload).Name);
            }
        }
        if (g.InputName.Length == 0) throw new InvalidDataException("The graph has no input that is not a weight.");
        g.OutputNames = outputs;
        var supported = new HashSet<string> { "Conv", "BatchNormalization", "Relu", "Add", "MaxPool" };
        var other = g.Nodes.Select(n => n.Op).Where(op => !supported.Contains(op)).Distinct().ToList();
        if (other.Count > 0) throw new InvalidDataException($"The graph has operators this rewriter does not handle: {string.Join(", ", other)}.");
        return g;
    }

    private void ReadInitializer(ReadOnlyMemory<byte> tensor)
    {
        var t = ProtoReader.Parse(tensor);
        string name = t.First(x => x.Number == OnnxFields.Tensor.Name).AsString();
        long type = t.FirstOrDefault(x => x.Number == OnnxFields.Tensor.DataType).AsInt64();
        if (type != FloatType) throw new InvalidDataException($"Initializer '{name}' is not a float tensor (type {type}).");
        var raw = t.FirstOrDefault(x => x.Number == OnnxFields.Tensor.RawData).Payload;
        var packed = t.FirstOrDefault(x => x.Number == OnnxFields.Tensor.FloatData).Payload;
        var values = MemoryMarshal.Cast<byte, float>((raw.Length > 0 ? raw : packed).Span).ToArray();
        Initializers[name] = new Weights(ProtoReader.ReadInt64s(t, OnnxFields.Tensor.Dims).ToArray(), values);
    }

    /// <summary>
    /// Folds every BatchNormalization that follows a bias-free convolution into it: the weights scaled by
    /// gamma / sqrt(var + eps) per output channel, and a bias beta - mean * gamma / sqrt(var + eps). The same
    /// function in one operator less, and the form quantised convolutions need.
    /// </summary>
    public void FoldBatchNorm()
    {
        var producer = Nodes.SelectMany(n => n.Outputs.Select(o => (o, n))).ToDictionary(p => p.o, p => p.n, StringComparer.Ordinal);
        var consumers = Nodes.SelectMany(n => n.Inputs.Select(i => (i, n))).ToLookup(p => p.i, p => p.n, StringComparer.Ordinal);
        var folded = new HashSet<Node>();
        foreach (var bn in Nodes.Where(n => n.Op == "BatchNormalization"))
        {
            // The convolution's output must feed only this normalisation, and its weights only it: folding
            // rewrites both.
            if (!producer.TryGetValue(bn.Inputs[0], out var conv) || conv.Op != "Conv" || conv.Inputs.Count != 2
                || consumers[bn.Inputs[0]].Count() != 1 || consumers[conv.Inputs[1]].Count() != 1 || OutputNames.Contains(bn.Inputs[0]))
                throw new InvalidDataException($"BatchNormalization '{bn.Outputs[0]}' does not follow a bias-free convolution of its own.");
            float eps = 1e-5f;
            foreach (var a in bn.Attributes)
            {
                var af = ProtoReader.Parse(a.Payload);
                if (af.First(x => x.Number == OnnxFields.Attribute.Name).AsString() == "epsilon")
                    eps = MemoryMarshal.Read<float>(af.First(x => x.Number == OnnxFields.Attribute.F).Payload.Span);
            }
            var w = Initializers[conv.Inputs[1]];
            float[] gamma = Initializers[bn.Inputs[1]].Values, beta = Initializers[bn.Inputs[2]].Values;
            float[] mean = Initializers[bn.Inputs[3]].Values, variance = Initializers[bn.Inputs[4]].Values;
            int channels = (int)w.Dims[0], per = w.Values.Length / channels;
            if (new[] { gamma, beta, mean, variance }.Any(v => v.Length != channels))
                throw new InvalidDataException($"BatchNormalization '{bn.Outputs[0]}' is not per output channel ({channels}).");
            var weights = new float[w.Values.Length];
            var bias = new float[channels];
            for (int c = 0; c < channels; c++)
            {
                double s = gamma[c] / Math.Sqrt(variance[c] + eps);
                for (int i = 0; i < per; i++) weights[c * per + i] = (float)(w.Values[c * per + i] * s);
                bias[c] = (float)(beta[c] - mean[c] * s);
            }
            string weightName = conv.Inputs[1] + "_folded", biasName = conv.Inputs[1] + "_bias";
            Initializers[weightName] = new Weights(w.Dims, weights);
            Initializers[biasName] = new Weights([channels], bias);
            conv.Inputs = [conv.Inputs[0], weightName, biasName];
            conv.Outputs = [bn.Outputs[0]];
            folded.Add(bn);
        }
        Nodes = Nodes.Where(n => !folded.Contains(n)).ToList();
        var used = new HashSet<string>(Nodes.SelectMany(n => n.Inputs), StringComparer.Ordinal);
        foreach (var name in Initializers.Keys.Where(k => !used.Contains(k)).ToList()) Initializers.Remove(name);
    }

    /// <summary>
    /// The activations a quantised graph carries in 8 bits: the image input, every Relu and MaxPool output, and
    /// every Conv or Add output that is not followed by a Relu (the residual branches), each only where a node
    /// reads it (a tensor that is only a graph output stays float). A Relu's input needs no quantisation of its
    /// own: ONNX Runtime folds the Relu into the quantisation after it.
    /// </summary>
    public IReadOnlyList<string> Activations()
    {
        var consumers = Nodes.SelectMany(n => n.Inputs.Select(i => (i, n))).ToLookup(p => p.i, p => p.n, StringComparer.Ordinal);
        var list = new List<string> { InputName };
        foreach (var n in Nodes)
        {
            if (!consumers[n.Outputs[0]].Any()) continue; // only a graph output: stays float
            bool toRelu = consumers[n.Outputs[0]].Any(c => c.Op == "Relu");
            if (n.Op is "Relu" or "MaxPool" || (n.Op is "Conv" or "Add" && !toRelu)) list.Add(n.Outputs[0]);
        }
        return list;
    }

    /// <summary>The float graph (batch normalisation folded if it was), with <paramref name="extraOutputs"/> as outputs too.</summary>
    public byte[] WriteFloat(IEnumerable<string>? extraOutputs = null)
    {
        var initializers = Initializers.Select(kv => Tensor(kv.Key, kv.Value.Dims, FloatType, MemoryMarshal.AsBytes(kv.Value.Values.AsSpan()).ToArray())).ToList();
        return Write(Nodes, initializers, extraOutputs, "SemanticJpeg.ModelPatcher");
    }

    internal static ProtoWriter Tensor(string name, long[] dims, int type, byte[] raw)
    {
        var t = new ProtoWriter(raw.Length + 64);
        t.PackedInt64s(OnnxFields.Tensor.Dims, dims);
        t.Varint(OnnxFields.Tensor.DataType, type);
        t.String(OnnxFields.Tensor.Name, name);
        t.Bytes(OnnxFields.Tensor.RawData, raw);
        return t;
    }

    /// <summary>
    /// Writes a model of <paramref name="nodes"/> and <paramref name="initializers"/> with this graph's input,
    /// outputs and metadata: opset 13 (per-channel DequantizeLinear needs it), IR version 7. The original
    /// BatchNormalization's opset-8 attributes (spatial, momentum) do not survive: no such node is left.
    /// </summary>
    internal byte[] Write(IReadOnlyList<Node> nodes, IReadOnlyList<ProtoWriter> initializers, IEnumerable<string>? extraOutputs, string producer)
    {
        if (nodes.Any(n => n.Op == "BatchNormalization"))
            throw new InvalidOperationException("Fold the batch normalisation first: opset 13 has no 'spatial' attribute.");
        var g = new ProtoWriter(1 << 20);
        foreach (var n in nodes)
        {
            var w = new ProtoWriter();
            foreach (var i in n.Inputs) w.String(OnnxFields.Node.Input, i);
            foreach (var o in n.Outputs) w.String(OnnxFields.Node.Output, o);
            w.String(OnnxFields.Node.Name, n.Outputs[0] + "/" + n.Op);
            w.String(OnnxFields.Node.OpType, n.Op);
            foreach (var a in n.Attributes) w.Field(a);
            foreach (var (name, value) in n.IntAttributes)
                w.Message(OnnxFields.Node.Attribute, aw => aw.String(OnnxFields.Attribute.Name, name)
                    .Varint(OnnxFields.Attribute.I, value).Varint(OnnxFields.Attribute.Type, OnnxFields.Attribute.TypeInt));
            g.Message(OnnxFields.Graph.Node, w);
        }
        g.String(OnnxFields.Graph.Name, "graph");
        foreach (var t in initializers) g.Message(OnnxFields.Graph.Initializer, t);
        g.Field(_input);
        foreach (var o in _outputs) g.Field(o);
        foreach (var e in (extraOutputs ?? []).Where(e => !OutputNames.Contains(e)))
            g.Message(OnnxFields.Graph.Output, OnnxModelWriter.WriteFloatValueInfo(e, [1, e + "_c", e + "_h", e + "_w"]));
        var m = new ProtoWriter(1 << 20);
        m.Varint(OnnxFields.Model.IrVersion, 7);
        m.String(OnnxFields.Model.ProducerName, producer);
        m.Message(OnnxFields.Model.Graph, g);
        m.Message(OnnxFields.Model.OpsetImport, w => w.String(OnnxFields.OperatorSet.Domain, "").Varint(OnnxFields.OperatorSet.Version, 13));
        foreach (var f in _metadata) m.Field(f);
        return m.ToArray();
    }
}
