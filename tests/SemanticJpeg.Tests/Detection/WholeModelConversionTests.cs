using Xunit;
using Xunit.Abstractions;
using SemanticJpeg.ModelPatcher.Tfjs;
using SemanticJpeg.Saliency.Detection;
using SemanticJpeg.Tests.TestSupport;

namespace SemanticJpeg.Tests.Detection;

/// <summary>
/// The two shipped graphs, converted, give what the NHWC reference interpreter computes from the
/// TF.js graph itself, on a real photo's input tensor.
/// </summary>
[Collection(DetectorCollection.Name)]
public sealed class WholeModelConversionTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("blazeface-back", 2f / 255, -1f, true)]
    [InlineData("selfie", 1f / 255, 0f, false)]
    public void ConvertedModelMatchesTheReferenceInterpreter(string name, float scale, float offset, bool letterbox)
    {
        string manifest = Path.Combine(TestPaths.RepoRoot, "models", name + ".json");
        var graph = LoadGraph(manifest);
        byte[] onnx = TfjsToOnnx.Convert(graph, name);

        var photo = SampleImages.Load("astronaut.png");
        var data = TensorSampler.Sample(photo, 256, letterbox, scale, offset, 0, out _);
        var inputs = new Dictionary<string, RefTensor> { [graph.Inputs[0].Name] = new RefTensor([1, 256, 256, 3], data) };

        var expected = TfjsReference.Run(graph, inputs);
        var actual = OnnxRunner.Run(onnx, inputs);
        foreach (var (outName, shape) in graph.Outputs)
        {
            var e = expected[outName];
            var a = actual[outName];
            Assert.Equal(shape.Select(d => (int)d), a.Shape);
            Assert.Equal(e.Count, a.Count);
            double maxErr = 0, maxAbs = 0;
            for (int i = 0; i < e.Count; i++)
            {
                maxErr = Math.Max(maxErr, Math.Abs(e.Data[i] - a.Data[i]));
                maxAbs = Math.Max(maxAbs, Math.Abs(e.Data[i]));
            }
            output.WriteLine($"{name} {outName}: max |ref| {maxAbs:G4}, max |ref - onnx| {maxErr:G3}");
            Assert.True(maxErr <= 1e-3 * Math.Max(1, maxAbs), $"{outName}: max error {maxErr} against values up to {maxAbs}");
        }
    }

    internal static TfjsGraph LoadGraph(string manifestPath)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(manifestPath));
        var source = doc.RootElement.GetProperty("source");
        string model = source.GetProperty("modelPath").GetString()!, weights = source.GetProperty("weightsPath").GetString()!;
        var files = TfjsModelConverter.ReadEntries(TfjsModelConverter.CachedTarball(manifestPath), [model, weights]);
        return TfjsGraph.Load(files[model], _ => files[weights]);
    }
}
