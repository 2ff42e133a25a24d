using SemanticJpeg.ModelPatcher.Protobuf;

namespace SemanticJpeg.ModelPatcher.Tfjs;

/// <summary>
/// Converts a TF.js graph model to ONNX (opset 13), for exactly the ops of the face detector and
/// person segmenter we ship; any other op is refused with its name, never guessed.
/// <para>
/// TensorFlow computes in NHWC, ONNX's Conv and pooling in NCHW. Every rank-4 activation is kept
/// in NCHW inside the ONNX graph: the NHWC input is transposed once at the start, and a tensor is
/// transposed back only where its memory order matters (Reshape, graph outputs). Weights are
/// rearranged at conversion time (HWIO to OIHW, depthwise HWCM to (C*M)1HW, transposed-convolution
/// HWOI to IOHW), and per-channel constants of elementwise ops become [C,1,1] so they broadcast
/// over the channel axis, as they did over NHWC's last axis. The graph's inputs and outputs keep
/// TensorFlow's names, shapes and layouts, so the ONNX model is a drop-in for the TF.js one.
/// </para>
/// </summary>
public static class TfjsToOnnx
{
    public const int Opset = 13;

    /// <summary>The ops the converter handles (and the tests cover one by one).</summary>
    public static readonly IReadOnlySet<string> SupportedOps = new HashSet<string>(StringComparer.Ordinal)
    {
        "Placeholder", "Const", "Identity", "_FusedConv2D", "Conv2D", "DepthwiseConv2dNative", "Conv2DBackpropInput",
        "Add", "AddV2", "AddN", "Mul", "MaxPool", "AvgPool", "Pad", "Relu", "Relu6", "Sigmoid", "Reshape", "ResizeBilinear",
    };

    public static byte[] Convert(TfjsGraph graph, string graphName, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var unsupported = graph.Nodes.Select(n => n.Op).Where(op => !SupportedOps.Contains(op)).Distinct().ToList();
        if (unsupported.Count > 0)
            throw new NotSupportedException($"The graph uses ops the converter does not handle: {string.Join(", ", unsupported)}.");
        var b = new Builder(graph);
        foreach (var node in graph.TopologicalOrder()) b.Emit(node);
        return b.Finish(graphName, metadata ?? new Dictionary<string, string>());
    }

    private enum Layout { Plain, Nchw }

    private sealed class Builder(TfjsGraph graph)
    {
        private readonly List<OnnxNode> _nodes = [];
        private readonly List<ProtoWriter> _initializers = [];
        private readonly HashSet<string> _initializerNames = [];
        private readonly Dictionary<string, Layout> _layout = [];
        private int _unique;

        public void Emit(TfjsNode n)
        {
            switch (n.Op)
            {
                case "Placeholder": EmitInput(n); break;
                case "Identity": Add("Identity", [Activation(n.Inputs[0], out var l)], n.Name); _layout[n.Name] = l; break;
                case "_FusedConv2D": EmitConv(n, fused: n.Strings("fused_ops")); break;
                case "Conv2D": EmitConv(n, fused: []); break;
                case "DepthwiseConv2dNative": EmitConv(n, fused: [], depthwise: true); break;
                case "Conv2DBackpropInput": EmitTransposedConv(n); break;
                case "Add" or "AddV2": EmitBinary(n, "Add"); break;
                case "Mul": EmitBinary(n, "Mul"); break;
                case "AddN": EmitAddN(n); break;
                case "MaxPool": EmitPool(n, "MaxPool"); break;
                case "AvgPool": EmitPool(n, "AveragePool"); break;
                case "Pad": EmitPad(n); break;
                case "Relu": Unary(n, "Relu"); break;
                case "Sigmoid": Unary(n, "Sigmoid"); break;
                case "Relu6": Add("Clip", [Activation(n.Inputs[0], out var l6), Scalar(0f), Scalar(6f)], n.Name); _layout[n.Name] = l6; break;
                case "Reshape": EmitReshape(n); break;
                case "ResizeBilinear": EmitResize(n); break;
                default: throw new NotSupportedException($"Op {n.Op} ({n.Name}) is not supported.");
            }
        }

        public byte[] Finish(string graphName, IReadOnlyDictionary<string, string> metadata)
        {
            var outputs = new List<(string Name, OnnxDim[] Shape)>();
            foreach (var (name, shape) in graph.Outputs)
            {
                if (!_layout.TryGetValue(name, out var layout))
                    throw new InvalidDataException($"The signature's output '{name}' is not produced by the graph.");
                // Outputs leave in TensorFlow's layout under TensorFlow's name: the producing node
                // is renamed and a Transpose (or Identity) takes the signature's name.
                string inner = name + "/onnx_inner";
                foreach (var i in Enumerable.Range(0, _nodes.Count))
                {
                    var node = _nodes[i];
                    if (node.Outputs.Contains(name))
                        _nodes[i] = node with { Outputs = node.Outputs.Select(o => o == name ? inner : o).ToArray() };
                    else if (node.Inputs.Contains(name))
                        _nodes[i] = node with { Inputs = node.Inputs.Select(o => o == name ? inner : o).ToArray() };
                }
                if (layout == Layout.Nchw) Add("Transpose", [inner], name, new OnnxAttribute("perm", Ints: [0, 2, 3, 1]));
                else Add("Identity", [inner], name);
                outputs.Add((name, shape.Select(d => (OnnxDim)d).ToArray()));
            }

            var g = new ProtoWriter(1 << 20);
            foreach (var node in _nodes) g.Message(OnnxFields.Graph.Node, OnnxModelWriter.WriteNode(node));
            g.String(OnnxFields.Graph.Name, graphName);
            foreach (var init in _initializers) g.Message(OnnxFields.Graph.Initializer, init);
            foreach (var (name, shape) in graph.Inputs)
                g.Message(OnnxFields.Graph.Input, OnnxModelWriter.WriteFloatValueInfo(name, shape.Select(d => (OnnxDim)d).ToArray()));
            foreach (var (name, shape) in outputs)
                g.Message(OnnxFields.Graph.Output, OnnxModelWriter.WriteFloatValueInfo(name, shape));

            var m = new ProtoWriter(1 << 20);
            m.Varint(OnnxFields.Model.IrVersion, 8);
            m.String(OnnxFields.Model.ProducerName, "SemanticJpeg.ModelPatcher.TfjsToOnnx");
            m.Message(OnnxFields.Model.Graph, g);
            m.Message(OnnxFields.Model.OpsetImport, w => w.String(OnnxFields.OperatorSet.Domain, "").Varint(OnnxFields.OperatorSet.Version, Opset));
            foreach (var (key, value) in metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                m.Message(OnnxFields.Model.MetadataProps, w => w.String(OnnxFields.StringEntry.Key, key).String(OnnxFields.StringEntry.Value, value));
            return m.ToArray();
        }

        private void EmitInput(TfjsNode n)
        {
            var shape = graph.Inputs.FirstOrDefault(i => i.Name == n.Name).Shape
                ?? throw new InvalidDataException($"Placeholder '{n.Name}' is not in the signature.");
            if (shape.Length == 4)
            {
                // The graph input keeps its name and NHWC layout; the rest of the graph reads the NCHW copy.
                string nchw = n.Name + "/nchw";
                Add("Transpose", [n.Name], nchw, new OnnxAttribute("perm", Ints: [0, 3, 1, 2]));
                _alias[n.Name] = nchw;
                _layout[n.Name] = Layout.Nchw;
            }
            else _layout[n.Name] = Layout.Plain;
        }

        /// <summary>Input tensors renamed in the ONNX graph (the NCHW copy of an NHWC input).</summary>
        private readonly Dictionary<string, string> _alias = [];

        private string Activation(string name, out Layout layout)
        {
            if (graph.Constants.ContainsKey(name))
                throw new NotSupportedException($"'{name}' is a constant where the converter expects an activation.");
            layout = _layout[name];
            return _alias.GetValueOrDefault(name, name);
        }

        private TfjsTensor Constant(TfjsNode n, int input) =>
            graph.Constants.TryGetValue(n.Inputs[input], out var t)
                ? t
                : throw new NotSupportedException($"{n.Op} '{n.Name}': input {input} must be a constant.");

        private void Unary(TfjsNode n, string op)
        {
            Add(op, [Activation(n.Inputs[0], out var layout)], n.Name);
            _layout[n.Name] = layout;
        }

        private void EmitConv(TfjsNode n, string[] fused, bool depthwise = false)
        {
            RequireNhwc(n);
            string x = Activation(n.Inputs[0], out var layout);
            if (layout != Layout.Nchw) throw new NotSupportedException($"{n.Op} '{n.Name}' needs a rank-4 input.");
            var filter = Constant(n, 1);
            if (filter.Shape.Length != 4 || !filter.IsFloat) throw new InvalidDataException($"{n.Op} '{n.Name}': filter must be a float [H,W,I,O] tensor.");
            int kh = filter.Shape[0], kw = filter.Shape[1], ci = filter.Shape[2], co = filter.Shape[3];
            float[] w;
            int[] wShape;
            long group = 1;
            if (depthwise)
            {
                // TF: [H,W,C,M], output channel c*M+m. ONNX: group = C, weight [C*M,1,H,W].
                w = new float[kh * kw * ci * co];
                for (int y = 0; y < kh; y++)
                for (int xk = 0; xk < kw; xk++)
                for (int c = 0; c < ci; c++)
                for (int m = 0; m < co; m++)
                    w[((c * co + m) * kh + y) * kw + xk] = filter.Floats![((y * kw + xk) * ci + c) * co + m];
                wShape = [ci * co, 1, kh, kw];
                group = ci;
            }
            else
            {
                w = Permute(filter.Floats!, filter.Shape, [3, 2, 0, 1]); // HWIO -> OIHW
                wShape = [co, ci, kh, kw];
            }
            var inputs = new List<string> { x, Initializer(n.Name + "/weight", wShape, w) };

            var ops = fused.ToList();
            if (ops.Count > 0 && ops[0] == "BiasAdd")
            {
                var bias = Constant(n, 2);
                inputs.Add(Initializer(n.Name + "/bias", [bias.Count], bias.Floats!));
                ops.RemoveAt(0);
            }
            if (ops.Count > 1 || (ops.Count == 1 && ops[0] is not ("Relu" or "Relu6")))
                throw new NotSupportedException($"_FusedConv2D '{n.Name}': fused ops [{string.Join(", ", fused)}] are not supported (only BiasAdd, optionally followed by Relu or Relu6).");

            var strides = SpatialPair(n.Ints("strides"), n);
            var dilations = SpatialPair(n.Ints("dilations"), n);
            var attrs = new List<OnnxAttribute>
            {
                new("kernel_shape", Ints: [kh, kw]),
                new("strides", Ints: strides),
                new("dilations", Ints: dilations),
                new("group", Int: group),
                Padding(n, [kh, kw], strides, dilations),
            };
            string convOut = ops.Count == 0 ? n.Name : n.Name + "/conv";
            Add("Conv", inputs.ToArray(), convOut, attrs.ToArray());
            if (ops.Count == 1)
            {
                if (ops[0] == "Relu") Add("Relu", [convOut], n.Name);
                else Add("Clip", [convOut, Scalar(0f), Scalar(6f)], n.Name);
            }
            _layout[n.Name] = Layout.Nchw;
        }

        private void EmitTransposedConv(TfjsNode n)
        {
            RequireNhwc(n);
            var sizes = Constant(n, 0);
            var filter = Constant(n, 1);
            string x = Activation(n.Inputs[2], out var layout);
            if (layout != Layout.Nchw || sizes.Ints is not { Length: 4 } outSize || filter.Shape.Length != 4)
                throw new NotSupportedException($"Conv2DBackpropInput '{n.Name}': needs a rank-4 input, constant output size and filter.");
            int kh = filter.Shape[0], kw = filter.Shape[1];
            var strides = SpatialPair(n.Ints("strides"), n);
            var dilations = SpatialPair(n.Ints("dilations"), n);
            // TF: filter [H,W,out,in]. ONNX ConvTranspose: [in,out,H,W].
            var w = Permute(filter.Floats!, filter.Shape, [3, 2, 0, 1]);
            var pads = new long[4];
            var outputPadding = new long[2];
            string padding = n.Str("padding");
            for (int axis = 0; axis < 2; axis++)
            {
                long outLen = outSize[axis + 1], s = strides[axis], k = axis == 0 ? kh : kw;
                long effective = (k - 1) * dilations[axis] + 1;
                if (padding == "SAME")
                {
                    // The forward convolution this is the gradient of had input outLen and output
                    // ceil(outLen / s); TF pads it with floor(total / 2) before and the rest after.
                    long inLen = (outLen + s - 1) / s;
                    long total = Math.Max((inLen - 1) * s + effective - outLen, 0);
                    pads[axis] = total / 2;
                    pads[axis + 2] = total - total / 2;
                    outputPadding[axis] = outLen - ((inLen - 1) * s + effective - total);
                }
                else if (padding == "VALID")
                {
                    long inLen = (outLen - effective) / s + 1;
                    outputPadding[axis] = outLen - ((inLen - 1) * s + effective);
                }
                else throw new NotSupportedException($"Conv2DBackpropInput '{n.Name}': padding {padding} is not supported.");
            }
            var attrs = new List<OnnxAttribute>
            {
                new("kernel_shape", Ints: [kh, kw]),
                new("strides", Ints: strides),
                new("dilations", Ints: dilations),
                new("pads", Ints: pads),
            };
            if (outputPadding.Any(p => p != 0)) attrs.Add(new("output_padding", Ints: outputPadding));
            Add("ConvTranspose", [x, Initializer(n.Name + "/weight", [filter.Shape[3], filter.Shape[2], kh, kw], w)], n.Name, attrs.ToArray());
            _layout[n.Name] = Layout.Nchw;
        }

        private void EmitBinary(TfjsNode n, string op)
        {
            var operands = new string[2];
            var layout = Layout.Plain;
            for (int i = 0; i < 2; i++)
                if (!graph.Constants.ContainsKey(n.Inputs[i]))
                {
                    operands[i] = Activation(n.Inputs[i], out var l);
                    if (l == Layout.Nchw) layout = Layout.Nchw;
                }
            for (int i = 0; i < 2; i++)
            {
                if (!graph.Constants.TryGetValue(n.Inputs[i], out var c)) continue;
                if (!c.IsFloat) throw new NotSupportedException($"{n.Op} '{n.Name}': integer constants are not supported.");
                if (layout == Layout.Nchw && c.Shape.Length == 4)
                    operands[i] = Initializer(n.Name + "/const" + i, [c.Shape[0], c.Shape[3], c.Shape[1], c.Shape[2]], Permute(c.Floats!, c.Shape, [0, 3, 1, 2]));
                else if (layout == Layout.Nchw && c.Shape.Length == 1 && c.Shape[0] > 1)
                    operands[i] = Initializer(n.Name + "/const" + i, [c.Shape[0], 1, 1], c.Floats!); // NHWC [C] broadcasts like NCHW [C,1,1]
                else if (layout == Layout.Nchw && c.Shape.Length is 2 or 3 && c.Count > 1)
                    throw new NotSupportedException($"{n.Op} '{n.Name}': a rank-{c.Shape.Length} constant against a rank-4 activation is not supported.");
                else
                    operands[i] = Initializer(n.Name + "/const" + i, c.Shape, c.Floats!);
            }
            if (operands.Any(o => o is null)) throw new NotSupportedException($"{n.Op} '{n.Name}': both operands are constants.");
            Add(op, operands, n.Name);
            _layout[n.Name] = layout;
        }

        private void EmitAddN(TfjsNode n)
        {
            var inputs = n.Inputs.Select(i => Activation(i, out _)).ToArray();
            var layouts = n.Inputs.Select(i => _layout[i]).Distinct().ToList();
            if (layouts.Count != 1) throw new NotSupportedException($"AddN '{n.Name}': inputs of different ranks.");
            Add("Sum", inputs, n.Name);
            _layout[n.Name] = layouts[0];
        }

        private void EmitPool(TfjsNode n, string op)
        {
            RequireNhwc(n);
            string x = Activation(n.Inputs[0], out var layout);
            if (layout != Layout.Nchw) throw new NotSupportedException($"{n.Op} '{n.Name}' needs a rank-4 input.");
            var kernel = SpatialPair(n.Ints("ksize"), n);
            var strides = SpatialPair(n.Ints("strides"), n);
            var attrs = new List<OnnxAttribute>
            {
                new("kernel_shape", Ints: kernel),
                new("strides", Ints: strides),
                Padding(n, kernel, strides, [1, 1]),
            };
            // TF's average ignores the padded cells, so the count excludes them.
            if (op == "AveragePool") attrs.Add(new("count_include_pad", Int: 0));
            Add(op, [x], n.Name, attrs.ToArray());
            _layout[n.Name] = Layout.Nchw;
        }

        private void EmitPad(TfjsNode n)
        {
            string x = Activation(n.Inputs[0], out var layout);
            var p = Constant(n, 1);
            if (p.Ints is null || p.Shape is not [var rank, 2]) throw new NotSupportedException($"Pad '{n.Name}': paddings must be a constant int [rank, 2] tensor.");
            // ONNX: all begins, then all ends, in the tensor's own axis order.
            int[] axes = layout == Layout.Nchw ? [0, 3, 1, 2] : Enumerable.Range(0, rank).ToArray();
            var pads = axes.Select(a => (long)p.Ints[a * 2]).Concat(axes.Select(a => (long)p.Ints[a * 2 + 1])).ToArray();
            Add("Pad", [x, Int64Initializer(n.Name + "/pads", pads)], n.Name);
            _layout[n.Name] = layout;
        }

        private void EmitReshape(TfjsNode n)
        {
            string x = Activation(n.Inputs[0], out var layout);
            var shape = Constant(n, 1);
            if (shape.Ints is null) throw new NotSupportedException($"Reshape '{n.Name}': the shape must be a constant int tensor.");
            if (layout == Layout.Nchw)
            {
                // Reshape follows memory order, which must be TensorFlow's.
                string nhwc = n.Name + "/nhwc";
                Add("Transpose", [x], nhwc, new OnnxAttribute("perm", Ints: [0, 2, 3, 1]));
                x = nhwc;
            }
            Add("Reshape", [x, Int64Initializer(n.Name + "/shape", shape.Ints.Select(v => (long)v).ToArray())], n.Name);
            _layout[n.Name] = Layout.Plain;
        }

        private void EmitResize(TfjsNode n)
        {
            string x = Activation(n.Inputs[0], out var layout);
            var size = Constant(n, 1);
            if (layout != Layout.Nchw || size.Ints is not { Length: 2 }) throw new NotSupportedException($"ResizeBilinear '{n.Name}': needs a rank-4 input and a constant [2] size.");
            bool alignCorners = n.Bool("align_corners"), halfPixel = n.Bool("half_pixel_centers");
            if (alignCorners && halfPixel) throw new InvalidDataException($"ResizeBilinear '{n.Name}': align_corners and half_pixel_centers are exclusive.");
            // ONNX Resize wants the full output shape; N and C come from the input at run time.
            string shape = Unique(n.Name + "/shape"), nc = Unique(n.Name + "/nc"), sizes = Unique(n.Name + "/sizes");
            Add("Shape", [x], shape);
            Add("Slice", [shape, Int64Initializer(n.Name + "/start", [0]), Int64Initializer(n.Name + "/end", [2])], nc);
            Add("Concat", [nc, Int64Initializer(n.Name + "/hw", [size.Ints[0], size.Ints[1]])], sizes, new OnnxAttribute("axis", Int: 0));
            string mode = alignCorners ? "align_corners" : halfPixel ? "half_pixel" : "asymmetric";
            Add("Resize", [x, "", "", sizes], n.Name,
                new OnnxAttribute("mode", String: "linear"),
                new OnnxAttribute("coordinate_transformation_mode", String: mode));
            _layout[n.Name] = Layout.Nchw;
        }

        /// <summary>
        /// TF's SAME pads floor(total/2) before and the rest after. At stride 1 the total is
        /// (kernel-1)*dilation whatever the input size, so the pads are written out; at larger
        /// strides it depends on the input size and ONNX's SAME_UPPER computes the same split at
        /// run time (ONNX Runtime refuses SAME_UPPER with dilation, so that pairing is refused here).
        /// </summary>
        private static OnnxAttribute Padding(TfjsNode n, long[] kernel, long[] strides, long[] dilations)
        {
            string padding = n.Str("padding");
            if (padding == "VALID") return new OnnxAttribute("pads", Ints: [0, 0, 0, 0]);
            if (padding != "SAME") throw new NotSupportedException($"{n.Op} '{n.Name}': padding '{padding}' is not supported.");
            if (strides.All(s => s == 1))
            {
                long th = (kernel[0] - 1) * dilations[0], tw = (kernel[1] - 1) * dilations[1];
                return new OnnxAttribute("pads", Ints: [th / 2, tw / 2, th - th / 2, tw - tw / 2]);
            }
            if (dilations.Any(d => d != 1))
                throw new NotSupportedException($"{n.Op} '{n.Name}': SAME padding with both stride and dilation above 1 is not supported.");
            return new OnnxAttribute("auto_pad", String: "SAME_UPPER");
        }

        private static void RequireNhwc(TfjsNode n)
        {
            string format = n.Str("data_format", "NHWC");
            if (format != "NHWC") throw new NotSupportedException($"{n.Op} '{n.Name}': data_format {format} is not supported.");
        }

        /// <summary>TF lists per-axis values for N, H, W, C; ONNX wants H, W.</summary>
        private static long[] SpatialPair(long[] nhwc, TfjsNode n)
        {
            if (nhwc.Length == 0) return [1, 1];
            if (nhwc.Length != 4 || nhwc[0] != 1 || nhwc[3] != 1)
                throw new NotSupportedException($"{n.Op} '{n.Name}': per-axis values [{string.Join(",", nhwc)}] are not supported (batch and channel must be 1).");
            return [nhwc[1], nhwc[2]];
        }

        private void Add(string op, string[] inputs, string output, params OnnxAttribute[] attributes) =>
            _nodes.Add(new OnnxNode(op, inputs, [output], attributes));

        private string Unique(string name) => name + "_" + _unique++;

        private string Scalar(float value)
        {
            string name = "scalar/" + value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            return _initializerNames.Contains(name) ? name : Initializer(name, [], [value]);
        }

        private string Initializer(string name, int[] shape, float[] values)
        {
            var bytes = new byte[values.Length * 4];
            System.Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length); // ONNX raw_data is little-endian, as is .NET on every supported platform
            return AddInitializer(name, shape.Select(d => (long)d), DataTypeFloat, bytes);
        }

        private string Int64Initializer(string name, long[] values)
        {
            var bytes = new byte[values.Length * 8];
            System.Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
            return AddInitializer(name, [values.Length], DataTypeInt64, bytes);
        }

        private const int DataTypeFloat = 1, DataTypeInt64 = 7;

        private string AddInitializer(string name, IEnumerable<long> dims, int dataType, byte[] raw)
        {
            if (!_initializerNames.Add(name)) throw new InvalidOperationException($"Initializer '{name}' written twice.");
            // TensorProto: dims = 1, data_type = 2, name = 8, raw_data = 9.
            var t = new ProtoWriter(raw.Length + 64);
            t.PackedInt64s(1, dims);
            t.Varint(2, dataType);
            t.String(8, name);
            t.Bytes(9, raw);
            _initializers.Add(t);
            return name;
        }

        /// <summary>Rearranges a row-major tensor: output axis i is input axis perm[i].</summary>
        private static float[] Permute(float[] data, int[] shape, int[] perm)
        {
            int rank = shape.Length;
            var inStrides = new int[rank];
            for (int i = rank - 1, s = 1; i >= 0; s *= shape[i], i--) inStrides[i] = s;
            var outShape = perm.Select(p => shape[p]).ToArray();
            var result = new float[data.Length];
            var index = new int[rank];
            for (int o = 0; o < result.Length; o++)
            {
                int src = 0;
                for (int i = 0; i < rank; i++) src += index[i] * inStrides[perm[i]];
                result[o] = data[src];
                for (int i = rank - 1; i >= 0; i--)
                {
                    if (++index[i] < outShape[i]) break;
                    index[i] = 0;
                }
            }
            return result;
        }
    }
}
