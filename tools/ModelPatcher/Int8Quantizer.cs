using System.Runtime.InteropServices;

namespace SemanticJpeg.ModelPatcher;

/// <summary>
/// Static 8-bit quantisation of a <see cref="ConvGraph"/> in ONNX's QDQ form, which ONNX Runtime turns into
/// integer kernels (QLinearConv, QLinearAdd, uint8 MaxPool; VNNI where the CPU has it):
/// <list type="bullet">
/// <item>activations (<see cref="ConvGraph.Activations"/>) uint8 per tensor, from ranges measured on calibration
/// photos (<see cref="ActivationRanges"/>): [0, max] with zero point 0 after a Relu (so the Relu folds into the
/// quantisation), [min, max] elsewhere; a MaxPool keeps its input's parameters (max commutes with them);</item>
/// <item>convolution weights int8 with 7-bit range (<see cref="WeightLevels"/>), symmetric, one scale per output channel;</item>
/// <item>biases int32 at scale input scale x weight scale, as QLinearConv takes them.</item>
/// </list>
/// The graph's outputs stay float. On the kit photos the saliency map it gives ranks as the float model's (pixel
/// AUC 0.904 float, 0.902 quantised, per photo within 0.015) at under a third of the network time (models/README.md).
/// </summary>
public static class Int8Quantizer
{
    /// <summary>
    /// Weights use 7 bits (+-63), not 8: without VNNI, ONNX Runtime's x86 uint8 x int8 kernels (VPMADDUBSW)
    /// add two products in 16 bits, which 255 x 127 x 2 overflows and 255 x 63 x 2 does not (onnxruntime's
    /// quantisation guide, "reduce_range"). One bit less per weight; the map is unchanged (models/README.md).
    /// </summary>
    public const int WeightLevels = 63;

    /// <summary>
    /// The QDQ model of <paramref name="graph"/> (batch normalisation folded, <see cref="ConvGraph.FoldBatchNorm"/>),
    /// its activations quantised over <paramref name="ranges"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">An activation has no measured range, or a convolution has no bias.</exception>
    public static byte[] Quantize(ConvGraph graph, ActivationRanges ranges)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(ranges);
        var parameters = new Dictionary<string, (float Scale, int ZeroPoint)>(StringComparer.Ordinal);
        foreach (var name in graph.Activations())
        {
            if (!ranges.Ranges.TryGetValue(name, out var r))
                throw new InvalidDataException($"The calibration has no range for activation '{name}'; calibrate again (tools/SaliencyLab calibrate).");
            parameters[name] = Uint8(r.Min, r.Max);
        }
        foreach (var n in graph.Nodes.Where(n => n.Op == "MaxPool")) parameters[n.Outputs[0]] = parameters[n.Inputs[0]];

        // Nodes in topological order: each quantise/dequantise pair straight after the node that makes its
        // tensor (the input's first), each weight's dequantisation just before its convolution.
        var nodes = new List<ConvGraph.Node>();
        var tensors = new List<Protobuf.ProtoWriter>();
        var quantized = new Dictionary<string, string>(StringComparer.Ordinal);
        void Quantize(string name)
        {
            if (!parameters.TryGetValue(name, out var p)) return;
            tensors.Add(ConvGraph.Tensor(name + "/scale", [], ConvGraph.FloatType, BitConverter.GetBytes(p.Scale)));
            tensors.Add(ConvGraph.Tensor(name + "/zero", [], ConvGraph.UInt8Type, [(byte)p.ZeroPoint]));
            nodes.Add(new ConvGraph.Node("QuantizeLinear", [name, name + "/scale", name + "/zero"], [name + "/q"], []));
            nodes.Add(new ConvGraph.Node("DequantizeLinear", [name + "/q", name + "/scale", name + "/zero"], [name + "/dq"], []));
            quantized[name] = name + "/dq";
        }
        Quantize(graph.InputName);
        foreach (var n in graph.Nodes)
        {
            var inputs = n.Inputs.Select(i => quantized.GetValueOrDefault(i, i)).ToList();
            if (n.Op == "Conv")
            {
                if (n.Inputs.Count != 3) throw new InvalidDataException($"Convolution '{n.Outputs[0]}' has no bias: fold the batch normalisation first.");
                var (weights, bias) = QuantizeConv(graph.Initializers[n.Inputs[1]], graph.Initializers[n.Inputs[2]].Values, parameters[n.Inputs[0]].Scale,
                    n.Inputs[1], n.Inputs[2], tensors, nodes);
                inputs = [inputs[0], weights, bias];
            }
            nodes.Add(new ConvGraph.Node(n.Op, inputs, n.Outputs, n.Attributes));
            Quantize(n.Outputs[0]);
        }
        return graph.Write(nodes, tensors, null, "SemanticJpeg.ModelPatcher.Int8Quantizer");
    }

    /// <summary>uint8 scale and zero point covering [min, max] and 0 (0 must be exact: padding and Relu).</summary>
    public static (float Scale, int ZeroPoint) Uint8(float min, float max)
    {
        min = Math.Min(0, min);
        max = Math.Max(max, 0);
        if (max - min < 1e-12f) return (1f, 0);
        float scale = (max - min) / 255f;
        return (scale, Math.Clamp((int)Math.Round(-min / scale), 0, 255));
    }

    private static (string Weights, string Bias) QuantizeConv(ConvGraph.Weights w, float[] bias, float inputScale, string weightName, string biasName,
        List<Protobuf.ProtoWriter> tensors, List<ConvGraph.Node> nodes)
    {
        int channels = (int)w.Dims[0], per = w.Values.Length / channels;
        var q = new sbyte[w.Values.Length];
        var scales = new float[channels];
        var biasQ = new int[channels];
        var biasScales = new float[channels];
        for (int c = 0; c < channels; c++)
        {
            float max = 0;
            for (int i = 0; i < per; i++) max = Math.Max(max, Math.Abs(w.Values[c * per + i]));
            float s = max > 0 ? max / WeightLevels : 1f;
            scales[c] = s;
            for (int i = 0; i < per; i++) q[c * per + i] = (sbyte)Math.Clamp((int)Math.Round(w.Values[c * per + i] / s), -WeightLevels, WeightLevels);
            biasScales[c] = inputScale * s;
            biasQ[c] = (int)Math.Clamp(Math.Round(bias[c] / biasScales[c]), int.MinValue, int.MaxValue);
        }
        tensors.Add(ConvGraph.Tensor(weightName + "/q", w.Dims, ConvGraph.Int8Type, MemoryMarshal.AsBytes(q.AsSpan()).ToArray()));
        tensors.Add(ConvGraph.Tensor(weightName + "/scale", [channels], ConvGraph.FloatType, MemoryMarshal.AsBytes(scales.AsSpan()).ToArray()));
        tensors.Add(ConvGraph.Tensor(weightName + "/zero", [channels], ConvGraph.Int8Type, new byte[channels]));
        var dqWeights = new ConvGraph.Node("DequantizeLinear", [weightName + "/q", weightName + "/scale", weightName + "/zero"], [weightName + "/dq"], []);
        dqWeights.IntAttributes.Add(("axis", 0));
        nodes.Add(dqWeights);
        tensors.Add(ConvGraph.Tensor(biasName + "/q", [channels], ConvGraph.Int32Type, MemoryMarshal.AsBytes(biasQ.AsSpan()).ToArray()));
        tensors.Add(ConvGraph.Tensor(biasName + "/scale", [channels], ConvGraph.FloatType, MemoryMarshal.AsBytes(biasScales.AsSpan()).ToArray()));
        tensors.Add(ConvGraph.Tensor(biasName + "/zero", [channels], ConvGraph.Int32Type, new byte[channels * 4]));
        var dqBias = new ConvGraph.Node("DequantizeLinear", [biasName + "/q", biasName + "/scale", biasName + "/zero"], [biasName + "/dq"], []);
        dqBias.IntAttributes.Add(("axis", 0));
        nodes.Add(dqBias);
        return (weightName + "/dq", biasName + "/dq");
    }
}
