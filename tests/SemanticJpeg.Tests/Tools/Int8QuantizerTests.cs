using Xunit;
using Microsoft.ML.OnnxRuntime;
using SemanticJpeg.ModelPatcher;
using SemanticJpeg.ModelPatcher.Protobuf;
using SemanticJpeg.Saliency;
using SemanticJpeg.Tests.Saliency;
using SemanticJpeg.Tests.TestSupport;

namespace SemanticJpeg.Tests.Tools;

/// <summary>
/// The 8-bit model the build ships: batch normalisation folded without changing the function, the quantised
/// network's features tracking the float network's on a photo, and ONNX Runtime running it on integer kernels
/// (which is what makes it three times faster).
/// </summary>
[Collection(SaliencyCollection.Name)]
public sealed class Int8QuantizerTests(SaliencyModelFixture fixture)
{
    private static readonly string Manifest = Path.Combine(TestPaths.RepoRoot, "models", "resnet18.json");
    private static readonly Lazy<byte[]> FloatModel = new(() => SaliencyModelPatcher.Build(Manifest, null, quantize: false));

    private static float[][] Run(byte[] model, float[] tensor, int width, int height, string input = "Input247")
    {
        using var session = new InferenceSession(model);
        using var value = OrtValue.CreateTensorValueFromMemory(tensor, [1, 3, height, width]);
        var names = session.OutputMetadata.Keys.ToArray();
        using var runOptions = new RunOptions();
        using var results = session.Run(runOptions, [input], [value], names);
        return results.Select(r => r.GetTensorDataAsSpan<float>().ToArray()).ToArray();
    }

    private static float[] PhotoTensor(string photo, out int width, out int height)
    {
        return SaliencyModel.Get(SaliencyModelCatalog.DefaultModelName).InputTensor(SampleImages.Load(photo), SaliencyOptions.Default, out width, out height);
    }

    private static double Cosine(float[] a, float[] b)
    {
        double dot = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.Length; i++) { dot += a[i] * b[i]; aa += a[i] * a[i]; bb += b[i] * b[i]; }
        return dot / Math.Sqrt(aa * bb);
    }

    [Fact]
    public void Folding_the_batch_normalisation_keeps_the_function()
    {
        var graph = ConvGraph.Read(FloatModel.Value);
        graph.FoldBatchNorm();
        var folded = graph.WriteFloat();
        Assert.DoesNotContain(OpTypes(folded), op => op == "BatchNormalization");
        var tensor = PhotoTensor("coffee.png", out int w, out int h);
        var before = Run(FloatModel.Value, tensor, w, h);
        var after = Run(folded, tensor, w, h);
        for (int o = 0; o < before.Length; o++)
        {
            double maxAbs = before[o].Max(MathF.Abs);
            double worst = before[o].Zip(after[o], (a, b) => Math.Abs(a - b)).Max();
            Assert.True(worst <= 1e-3 * maxAbs, $"output {o}: largest difference {worst} of {maxAbs}");
        }
    }

    [Theory]
    [InlineData("astronaut.png")]
    [InlineData("chelsea.png")]
    public void The_shipped_int8_model_tracks_the_float_features(string photo)
    {
        using (var shipped = new InferenceSession(fixture.ModelPath))
            Assert.Contains("int8", shipped.ModelMetadata.CustomMetadataMap["semanticjpeg.quantization"]);
        var tensor = PhotoTensor(photo, out int w, out int h);
        var reference = Run(FloatModel.Value, tensor, w, h);
        var quantized = Run(File.ReadAllBytes(fixture.ModelPath), tensor, w, h);
        Assert.Equal(reference.Length, quantized.Length);
        for (int o = 0; o < reference.Length; o++)
        {
            double cosine = Cosine(reference[o], quantized[o]);
            Assert.True(cosine > 0.99, $"output {o}: cosine {cosine:F4} between the float and the int8 features");
        }
    }

    [Fact]
    public void Onnx_runtime_runs_the_quantised_convolutions_on_integer_kernels()
    {
        string optimized = Path.Combine(TestPaths.NewTempDirectory(), "optimized.onnx");
        using (var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_EXTENDED, OptimizedModelFilePath = optimized })
        using (new InferenceSession(fixture.ModelPath, options)) { }
        var ops = OpTypes(File.ReadAllBytes(optimized));
        Assert.Equal(OpTypes(FloatModel.Value).Count(op => op == "Conv"), ops.Count(op => op == "QLinearConv"));
        Assert.DoesNotContain(ops, op => op == "Conv");
    }

    [Fact]
    public void The_quantised_graph_is_in_topological_order_with_7_bit_weights()
    {
        // ONNX requires every node's inputs to be made before it (onnx.checker and other runtimes reject
        // the graph otherwise; ONNX Runtime would re-sort it silently).
        var model = ProtoReader.Parse(File.ReadAllBytes(fixture.ModelPath));
        var graph = ProtoReader.Parse(model.Single(f => f.Number == 7).Payload);
        var known = new HashSet<string>(graph.Where(f => f.Number == 5)
            .Select(t => ProtoReader.Parse(t.Payload).First(x => x.Number == 8).AsString()), StringComparer.Ordinal) { "Input247" };
        foreach (var node in graph.Where(f => f.Number == 1).Select(n => ProtoReader.Parse(n.Payload)))
        {
            foreach (var input in node.Where(x => x.Number == 1).Select(x => x.AsString()))
                Assert.True(known.Contains(input), $"'{input}' is read before it is made");
            foreach (var output in node.Where(x => x.Number == 2)) known.Add(output.AsString());
        }
        // Weights within +-63: no 16-bit overflow in x86 uint8 x int8 kernels without VNNI.
        foreach (var t in graph.Where(f => f.Number == 5).Select(t => ProtoReader.Parse(t.Payload))
                     .Where(t => t.First(x => x.Number == 2).AsInt64() == 3 && t.First(x => x.Number == 8).AsString().EndsWith("/q", StringComparison.Ordinal)))
            Assert.All(t.First(x => x.Number == 9).Payload.ToArray(), b => Assert.InRange((sbyte)b, -Int8Quantizer.WeightLevels, Int8Quantizer.WeightLevels));
    }

    [Fact]
    public void Zero_is_exact_and_relu_ranges_start_at_zero()
    {
        // The image input: 0 is the integer level 'zero' (zero padding stays exact), and levels 0 and 255 cover
        // the range to within half a step.
        var (scale, zero) = Int8Quantizer.Uint8(-123.15f, 151.94f);
        Assert.InRange(zero, 1, 254);
        Assert.InRange(-zero * scale, -123.15f - scale / 2, -123.15f + scale / 2);
        Assert.InRange((255 - zero) * scale, 151.94f - scale / 2, 151.94f + scale / 2);
        Assert.Equal(0, Int8Quantizer.Uint8(0, 22f).ZeroPoint);
        Assert.Equal(0, Int8Quantizer.Uint8(0.5f, 22f).ZeroPoint); // ranges always take in 0
    }

    [Fact]
    public void Ranges_round_trip_and_a_missing_one_is_an_error()
    {
        var ranges = new ActivationRanges { Source = "test" };
        ranges.Add("a", [-1f, 2f, 0.5f]);
        ranges.Add("a", [3f]);
        string path = Path.Combine(TestPaths.NewTempDirectory(), "r.json");
        File.WriteAllText(path, ranges.ToJson());
        var read = ActivationRanges.Read(path);
        Assert.Equal((-1f, 3f), read.Ranges["a"]);

        var graph = ConvGraph.Read(FloatModel.Value);
        graph.FoldBatchNorm();
        var ex = Assert.Throws<InvalidDataException>(() => Int8Quantizer.Quantize(graph, read));
        Assert.Contains("calibrate", ex.Message);
    }

    private static List<string> OpTypes(byte[] model)
    {
        var graph = ProtoReader.Parse(ProtoReader.Parse(model).Single(f => f.Number == 7).Payload);
        return graph.Where(f => f.Number == 1)
            .Select(n => ProtoReader.Parse(n.Payload).First(x => x.Number == 4).AsString()).ToList();
    }
}
