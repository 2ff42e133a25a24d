using Xunit;
using SemanticJpeg.ModelPatcher.Tfjs;
using static SemanticJpeg.Tests.Detection.TfjsGraphWriter;

namespace SemanticJpeg.Tests.Detection;

/// <summary>
/// Each op the converter handles, in each configuration the two models use (and the neighbouring
/// ones where TF and ONNX conventions differ: odd sizes with SAME padding, stride 2, padded average
/// pools, channel multipliers), converted to ONNX and run by ONNX Runtime, against
/// <see cref="TfjsReference"/>, which computes the op from TensorFlow's definition in NHWC.
/// </summary>
public sealed class TfjsOpConversionTests
{
    private static float[] Random(int count, int seed, float scale = 1)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (float)(rng.NextDouble() * 2 - 1) * scale).ToArray();
    }

    private static void Check(TfjsGraphWriter g, int[] inputShape, int seed = 1)
    {
        var inputs = new Dictionary<string, RefTensor> { ["x"] = new RefTensor(inputShape, Random(inputShape.Aggregate(1, (a, b) => a * b), seed)) };
        var graph = g.Build(inputs);
        var expected = TfjsReference.Run(graph, inputs);
        var actual = OnnxRunner.Run(TfjsToOnnx.Convert(graph, "op-test"), inputs);
        foreach (var (name, shape) in graph.Outputs)
        {
            Assert.Equal(shape.Select(d => (int)d), actual[name].Shape);
            var e = expected[name].Data;
            var a = actual[name].Data;
            Assert.Equal(e.Length, a.Length);
            Assert.True(e.Any(v => Math.Abs(v) > 1e-3), "degenerate test: the expected output is all zeros");
            for (int i = 0; i < e.Length; i++)
                Assert.True(Math.Abs(e[i] - a[i]) <= 1e-4f * Math.Max(1, Math.Abs(e[i])), $"{name}[{i}]: reference {e[i]}, ONNX {a[i]}");
        }
    }

    private static TfjsGraphWriter Conv(string op, int size, int k, int cin, int cout, int stride, string padding, int dilation = 1, string[]? fused = null, bool half = false)
    {
        var g = new TfjsGraphWriter().Input("x", 1, size, size + 1, cin)
            .Const("w", [k, k, cin, cout], Random(k * k * cin * cout, 7), half);
        var attrs = Attrs(("strides", Ints(1, stride, stride, 1)), ("dilations", Ints(1, dilation, dilation, 1)),
            ("padding", S(padding)), ("data_format", S("NHWC")));
        var inputs = new List<string> { "x", "w" };
        if (fused is not null)
        {
            int biasCount = op == "DepthwiseConv2dNative" ? cin * cout : cout;
            g.Const("b", [biasCount], Random(biasCount, 9));
            inputs.Add("b");
            attrs["fused_ops"] = Strings(fused);
        }
        return g.Node("y", op, inputs.ToArray(), attrs).Output("y");
    }

    [Theory]
    [InlineData(8, 3, 1, "SAME", 1)]
    [InlineData(7, 3, 2, "SAME", 1)]   // odd input, stride 2: TF pads the extra cell after
    [InlineData(8, 5, 2, "SAME", 1)]   // blazeface's first layer
    [InlineData(8, 3, 2, "SAME", 1)]   // selfie's first layer
    [InlineData(6, 1, 1, "VALID", 1)]  // pointwise
    [InlineData(9, 3, 1, "SAME", 2)]   // dilation
    [InlineData(9, 3, 2, "VALID", 1)]
    public void Conv2D(int size, int k, int stride, string padding, int dilation) =>
        Check(Conv("Conv2D", size, k, 3, 4, stride, padding, dilation), [1, size, size + 1, 3]);

    [Theory]
    [InlineData("BiasAdd")]
    [InlineData("BiasAdd", "Relu")]
    [InlineData("BiasAdd", "Relu6")]
    public void FusedConv2D(params string[] fused) =>
        Check(Conv("_FusedConv2D", 8, 3, 3, 5, 1, "SAME", fused: fused), [1, 8, 9, 3]);

    [Fact]
    public void FusedConv2DStride2() =>
        Check(Conv("_FusedConv2D", 8, 5, 3, 4, 2, "SAME", fused: ["BiasAdd", "Relu"]), [1, 8, 9, 3]);

    [Theory]
    [InlineData(8, 3, 1, 1)]
    [InlineData(8, 3, 2, 1)]
    [InlineData(7, 5, 2, 1)]
    [InlineData(8, 3, 1, 2)]  // channel multiplier 2: output channel c*2+m
    public void DepthwiseConv(int size, int k, int stride, int multiplier) =>
        Check(Conv("DepthwiseConv2dNative", size, k, 4, multiplier, stride, "SAME"), [1, size, size + 1, 4]);

    [Fact]
    public void Float16WeightsAreWidened() =>
        Check(Conv("Conv2D", 6, 3, 3, 4, 1, "SAME", half: true), [1, 6, 7, 3]);

    [Theory]
    [InlineData(4, 2, 2, "SAME")]  // selfie's output layer: 2x2 stride 2, no padding
    [InlineData(4, 3, 2, "SAME")]  // padding 1 after
    [InlineData(3, 3, 1, "SAME")]
    [InlineData(3, 2, 2, "VALID")]
    public void Conv2DBackpropInput(int size, int k, int stride, string padding)
    {
        int outSize = padding == "SAME" ? size * stride : (size - 1) * stride + k;
        var g = new TfjsGraphWriter().Input("x", 1, size, size, 3)
            .IntConst("sizes", 1, outSize, outSize, 2)
            .Const("w", [k, k, 2, 3], Random(k * k * 6, 5))
            .Node("y", "Conv2DBackpropInput", ["sizes", "w", "x"], Attrs(("strides", Ints(1, stride, stride, 1)), ("padding", S(padding)), ("data_format", S("NHWC")), ("dilations", Ints(1, 1, 1, 1))))
            .Output("y");
        Check(g, [1, size, size, 3]);
    }

    [Theory]
    [InlineData("MaxPool", 2, 2, "SAME", 8)]
    [InlineData("MaxPool", 2, 2, "SAME", 7)]  // odd: the last window is padded
    [InlineData("AvgPool", 3, 2, "SAME", 7)]  // padded cells are not counted
    [InlineData("AvgPool", 4, 4, "VALID", 8)] // selfie's pools: the whole map
    public void Pool(string op, int k, int stride, string padding, int size)
    {
        var g = new TfjsGraphWriter().Input("x", 1, size, size, 3)
            .Node("y", op, ["x"], Attrs(("ksize", Ints(1, k, k, 1)), ("strides", Ints(1, stride, stride, 1)), ("padding", S(padding)), ("data_format", S("NHWC"))))
            .Output("y");
        Check(g, [1, size, size, 3]);
    }

    [Fact]
    public void PadChannelsAndSpace()
    {
        // BlazeFace pads channels (a residual from 24 to 48 channels); spatial padding checks the axis order.
        var g = new TfjsGraphWriter().Input("x", 1, 4, 5, 3)
            .IntConst2("p", 4, 0, 0, 1, 2, 0, 1, 0, 4)
            .Node("y", "Pad", ["x", "p"]).Output("y");
        Check(g, [1, 4, 5, 3]);
    }

    [Fact]
    public void ElementwiseWithPerChannelScalarAndTensorOperands()
    {
        var g = new TfjsGraphWriter().Input("x", 1, 4, 5, 3)
            .Const("c", [3], [0.5f, -1f, 2f])
            .Const("s", [], [3f])
            .Node("a", "Add", ["x", "c"])        // per-channel constant
            .Node("b", "AddV2", ["a", "s"])      // scalar constant
            .Node("m", "Mul", ["s", "b"])        // constant first
            .Node("r6", "Relu6", ["m"])
            .Node("t", "Mul", ["r6", "x"])       // tensor x tensor
            .Node("n", "AddN", ["t", "x"])
            .Node("y", "Sigmoid", ["n"])
            .Node("z", "Relu", ["t"])
            .Output("y").Output("z");
        Check(g, [1, 4, 5, 3]);
    }

    [Fact]
    public void SqueezeExciteBroadcastOfAPooledMap()
    {
        // selfie's squeeze-and-excite: a [1,1,1,C] global average times the [1,H,W,C] map.
        var g = new TfjsGraphWriter().Input("x", 1, 4, 4, 3)
            .Node("p", "AvgPool", ["x"], Attrs(("ksize", Ints(1, 4, 4, 1)), ("strides", Ints(1, 4, 4, 1)), ("padding", S("VALID")), ("data_format", S("NHWC"))))
            .Node("y", "Mul", ["x", "p"]).Output("y");
        Check(g, [1, 4, 4, 3]);
    }

    [Fact]
    public void ReshapeKeepsTensorFlowMemoryOrder()
    {
        // BlazeFace's heads: [1,H,W,C] conv output reshaped to [1,-1,k]; NCHW memory would scramble it.
        var g = new TfjsGraphWriter().Input("x", 1, 4, 4, 6)
            .IntConst("shape", 1, -1, 3)
            .Node("r", "Reshape", ["x", "shape"])
            .Node("y", "Identity", ["r"]).Output("y");
        Check(g, [1, 4, 4, 6]);
    }

    [Theory]
    [InlineData(false, true, 4, 8)]   // selfie: half-pixel centres, upsampling
    [InlineData(false, true, 8, 3)]   // downsampling
    [InlineData(true, false, 4, 7)]   // align corners
    [InlineData(false, false, 4, 6)]  // legacy asymmetric
    public void ResizeBilinear(bool alignCorners, bool halfPixel, int size, int outSize)
    {
        var g = new TfjsGraphWriter().Input("x", 1, size, size, 2)
            .IntConst("size", outSize, outSize + 1)
            .Node("y", "ResizeBilinear", ["x", "size"], Attrs(("align_corners", B(alignCorners)), ("half_pixel_centers", B(halfPixel))))
            .Output("y");
        Check(g, [1, size, size, 2]);
    }

    [Fact]
    public void UnsupportedOpsAreRefusedByName()
    {
        var g = new TfjsGraphWriter().Input("x", 1, 2, 2, 1).Node("y", "Tanh", ["x"]).Output("y");
        var graph = TfjsGraph.Load(System.Text.Encoding.UTF8.GetBytes(
            """{"modelTopology":{"node":[{"name":"x","op":"Placeholder"},{"name":"y","op":"Tanh","input":["x"]}]},"weightsManifest":[],"signature":{"inputs":{"x:0":{"name":"x:0","tensorShape":{"dim":[{"size":"1"}]}}},"outputs":{"y:0":{"name":"y:0","tensorShape":{"dim":[{"size":"1"}]}}}}}"""), _ => []);
        var e = Assert.Throws<NotSupportedException>(() => TfjsToOnnx.Convert(graph, "t"));
        Assert.Contains("Tanh", e.Message);
    }

    [Fact]
    public void ShippedModelsUseOnlySupportedOps()
    {
        // The op lists the issue names for the two graphs, all handled.
        string[] blazeface = ["Placeholder", "Const", "Identity", "_FusedConv2D", "DepthwiseConv2dNative", "AddV2", "MaxPool", "Pad", "Relu", "Reshape"];
        string[] selfie = ["Add", "AddN", "AddV2", "AvgPool", "Conv2D", "Conv2DBackpropInput", "DepthwiseConv2dNative", "Mul", "Relu", "Relu6", "ResizeBilinear", "Sigmoid"];
        Assert.All(blazeface.Concat(selfie), op => Assert.Contains(op, TfjsToOnnx.SupportedOps));
    }
}
