using Xunit;
using System.Security.Cryptography;
using Microsoft.ML.OnnxRuntime;
using SemanticJpeg.ModelPatcher;
using SemanticJpeg.ModelPatcher.Protobuf;
using SemanticJpeg.Tests.Saliency;
using SemanticJpeg.Tests.TestSupport;

namespace SemanticJpeg.Tests.Tools;

[Collection(SaliencyCollection.Name)]
public sealed class ModelPatcherTests(SaliencyModelFixture fixture)
{
    [Fact]
    public void PatchedResNetExposesBothFeatureMapsAtAnySize()
    {
        using var session = new InferenceSession(fixture.ModelPath);
        Assert.Equal([1, 3, -1, -1], session.InputMetadata["Input247"].Dimensions);
        Assert.Equal(["ReLU393_Output_0", "ReLU347_Output_0"], session.OutputMetadata.Keys.ToArray());

        using var input = OrtValue.CreateTensorValueFromMemory(new float[3 * 320 * 480], [1, 3, 320, 480]);
        using var outputs = session.Run(new RunOptions(), ["Input247"], [input], ["ReLU393_Output_0", "ReLU347_Output_0"]);
        Assert.Equal([1L, 512, 10, 15], outputs[0].GetTensorTypeAndShape().Shape);
        Assert.Equal([1L, 256, 20, 30], outputs[1].GetTensorTypeAndShape().Shape);
    }

    [Fact]
    public void ProtobufRoundTripIsExact()
    {
        byte[] model = TinyModels.AnySizeBrightness();
        var writer = new ProtoWriter();
        foreach (var field in ProtoReader.Parse(model)) writer.Field(field);
        Assert.Equal(model, writer.ToArray());
    }

    [Fact]
    public void PatchExposesIntermediateTensorsAndSymbolicSize()
    {
        var patched = OnnxGraphPatcher.Patch(TinyModels.FixedBrightness(), new GraphPatch("image",
            new Dictionary<int, string> { [2] = "height", [3] = "width" }, ["grey"], new Dictionary<string, string> { ["k"] = "v" }));
        using var session = new InferenceSession(patched);
        Assert.Equal([1, 3, -1, -1], session.InputMetadata["image"].Dimensions);
        Assert.Equal(["grey"], session.OutputMetadata.Keys.ToArray());
        Assert.Equal("v", session.ModelMetadata.CustomMetadataMap["k"]);

        // Patching is deterministic.
        Assert.Equal(patched, OnnxGraphPatcher.Patch(TinyModels.FixedBrightness(), new GraphPatch("image",
            new Dictionary<int, string> { [2] = "height", [3] = "width" }, ["grey"], new Dictionary<string, string> { ["k"] = "v" })));
    }

    [Fact]
    public void UnknownTensorIsAnError()
    {
        var ex = Assert.Throws<InvalidDataException>(() => OnnxGraphPatcher.Patch(TinyModels.FixedBrightness(),
            new GraphPatch("image", new Dictionary<int, string>(), ["nope"], new Dictionary<string, string>())));
        Assert.Contains("'nope'", ex.Message);
    }

    [Fact]
    public void SourceWithWrongHashIsRefusedAndRightHashIsIdempotent()
    {
        string dir = TestPaths.NewTempDirectory();
        byte[] source = TinyModels.FixedBrightness();
        string sourcePath = Path.Combine(dir, "source.onnx");
        File.WriteAllBytes(sourcePath, source);
        string Manifest(string sha)
        {
            string path = Path.Combine(dir, "m.json");
            File.WriteAllText(path, $$"""
                { "file": "out.onnx", "source": { "sha256": "{{sha}}" },
                  "input": { "name": "image", "size": { "mode": "multiple" } },
                  "outputs": [ { "name": "grey" } ] }
                """);
            return path;
        }
        string output = Path.Combine(dir, "out.onnx");

        var ex = Assert.Throws<InvalidDataException>(() => SaliencyModelPatcher.Run(Manifest(new string('0', 64)), output, sourcePath));
        Assert.Contains("sha256", ex.Message);
        Assert.False(File.Exists(output));

        string sha = Convert.ToHexStringLower(SHA256.HashData(source));
        Assert.True(SaliencyModelPatcher.Run(Manifest(sha), output, sourcePath).Written);
        Assert.False(SaliencyModelPatcher.Run(Manifest(sha), output, sourcePath).Written);
    }
}
