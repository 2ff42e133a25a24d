using Xunit;
using SemanticJpeg.Imaging;
using SemanticJpeg.Saliency;
using SemanticJpeg.Tests.TestSupport;

namespace SemanticJpeg.Tests.Saliency;

/// <summary>Custom [1,1,h,w] models described by a sidecar; the errors a bad description gives.</summary>
public sealed class CustomModelTests
{
    /// <summary>Dark noisy background with a bright square at (20..70, 20..70).</summary>
    private static PixelImage BrightSquare()
    {
        var img = SaliencyTestImages.Noise(200, 120);
        for (int i = 0; i < img.Pixels.Length; i++) img.Pixels[i] = (byte)(20 + img.Pixels[i] / 6);
        for (int y = 20; y < 70; y++)
            for (int x = 20; x < 70; x++)
                for (int c = 0; c < 3; c++) img.Pixels[3 * (y * 200 + x) + c] = 230;
        return img;
    }

    [Fact]
    public void FixedSizeModelWithSidecarWorks()
    {
        string dir = TestPaths.NewTempDirectory();
        string path = TinyModels.Write(dir, TinyModels.FixedBrightness(), TinyModels.Sidecar());
        using var model = SaliencyModel.LoadUnshared(path);
        Assert.Equal("brightness", model.Name);

        var map = model.Compute(BrightSquare());
        model.ComputeGrid(BrightSquare(), null, out var d);
        Assert.True(d.Confidence > 0.99f, d.ToString());
        Assert.Equal(200, map.Width);
        var (inside, outside) = SaliencyTestImages.MeanInsideOutside(map, new(25, 25, 65, 65));
        // A saliency output is used as the model gives it (here: brightness, the background 0.08-0.24).
        Assert.True(inside > 0.5 && inside > 3 * outside, $"inside {inside:F3}, outside {outside:F3}");
    }

    [Fact]
    public void AnySizeModelFollowsTheScales()
    {
        string dir = TestPaths.NewTempDirectory();
        string path = TinyModels.Write(dir, TinyModels.AnySizeBrightness(), TinyModels.Sidecar("input", "map", "multiple", multiple: 8));
        using var model = SaliencyModel.LoadUnshared(path);
        var options = SaliencyOptions.Default with { Scales = [96, 48] };
        Assert.Equal([(160, 96), (80, 48)], model.InputSizes(200, 120, options));

        var map = model.Compute(BrightSquare(), options);
        var (inside, outside) = SaliencyTestImages.MeanInsideOutside(map, new(25, 25, 65, 65));
        // A saliency output is used as the model gives it (here: brightness, the background 0.08-0.24).
        Assert.True(inside > 0.5 && inside > 3 * outside, $"inside {inside:F3}, outside {outside:F3}");
    }

    [Theory]
    [InlineData("none")]
    [InlineData("sigmoid")]
    public void SubjectFillingMostOfTheFrameStaysConfident(string activation)
    {
        // A segmenter's map is a probability: a subject covering 75% of the frame is no reason to
        // fall back to a uniform map. "sigmoid": the model outputs logits (brightness mapped to -5..5).
        string dir = TestPaths.NewTempDirectory();
        var sidecar = activation == "sigmoid"
            ? TinyModels.Sidecar(scale: 10 / 255.0, mean: 5, activation: "sigmoid")
            : TinyModels.Sidecar();
        string path = TinyModels.Write(dir, TinyModels.FixedBrightness(), sidecar);
        using var model = SaliencyModel.LoadUnshared(path);
        var img = SaliencyTestImages.Noise(200, 120);
        for (int i = 0; i < img.Pixels.Length; i++) img.Pixels[i] = (byte)(20 + img.Pixels[i] / 6);
        for (int y = 0; y < 120; y++)
            for (int x = 50; x < 200; x++)
                for (int c = 0; c < 3; c++) img.Pixels[3 * (y * 200 + x) + c] = 230;

        model.ComputeGrid(img, null, out var d);
        Assert.True(d.Confidence > 0.99f, d.ToString());
        var (inside, outside) = SaliencyTestImages.MeanInsideOutside(model.Compute(img), new(60, 0, 200, 120));
        Assert.True(inside > 3 * outside, $"inside {inside:F3}, outside {outside:F3}");
    }

    [Fact]
    public void PublishedLayoutFindsTheManifestThatNamesTheFile()
    {
        // Like models/resnet18.json beside models/resnet18-saliency.onnx.
        string dir = TestPaths.NewTempDirectory();
        string path = TinyModels.Write(dir, TinyModels.FixedBrightness(), null, "brightness-saliency.onnx");
        File.WriteAllText(Path.Combine(dir, "brightness.json"),
            System.Text.Json.JsonSerializer.Serialize(TinyModels.Sidecar(file: "brightness-saliency.onnx")));
        using var byPath = SaliencyModel.LoadUnshared(path);
        using var byManifest = SaliencyModel.LoadUnshared(Path.Combine(dir, "brightness.json"));
        Assert.Equal(path, byPath.ModelPath);
        Assert.Equal(path, byManifest.ModelPath);
    }

    [Fact]
    public void ModelPathVariableIsSearchedByName()
    {
        string dir = TestPaths.NewTempDirectory();
        TinyModels.Write(dir, TinyModels.FixedBrightness(), TinyModels.Sidecar(file: "tiny-brightness.onnx"), "tiny-brightness.onnx");
        File.Move(Path.Combine(dir, "tiny-brightness.json"), Path.Combine(dir, "tinybright.json"));
        string? before = Environment.GetEnvironmentVariable(SaliencyModelCatalog.ModelPathVariable);
        try
        {
            // First, then the folders already there: tests running meanwhile still find the built models.
            Environment.SetEnvironmentVariable(SaliencyModelCatalog.ModelPathVariable, dir + Path.PathSeparator + before);
            var resolved = SaliencyModelCatalog.Resolve("tinybright");
            Assert.Equal(Path.Combine(dir, "tiny-brightness.onnx"), resolved.ModelPath);
        }
        finally
        {
            Environment.SetEnvironmentVariable(SaliencyModelCatalog.ModelPathVariable, before);
        }
    }

    [Fact]
    public void UnknownNameSaysWhereItLooked()
    {
        var ex = Assert.Throws<SaliencyModelException>(() => SaliencyModelCatalog.Resolve("no-such-model"));
        Assert.Contains("'no-such-model' not found", ex.Message);
        Assert.Contains("no-such-model.json", ex.Message);
        Assert.Contains(SaliencyModelCatalog.ModelPathVariable, ex.Message);
    }

    [Fact]
    public void MissingFileAndMissingSidecarAreNamed()
    {
        string dir = TestPaths.NewTempDirectory();
        var missing = Assert.Throws<SaliencyModelException>(() => SaliencyModel.LoadUnshared(Path.Combine(dir, "absent.onnx")));
        Assert.Contains("does not exist", missing.Message);

        string path = TinyModels.Write(dir, TinyModels.FixedBrightness(), null);
        var ex = Assert.Throws<SaliencyModelException>(() => SaliencyModel.LoadUnshared(path));
        Assert.Contains("has no description", ex.Message);
        Assert.Contains(Path.Combine(dir, "model.json"), ex.Message);
    }

    [Fact]
    public void WrongInputNameListsTheModelsInputs()
    {
        string path = TinyModels.Write(TestPaths.NewTempDirectory(), TinyModels.FixedBrightness(), TinyModels.Sidecar(inputName: "pixels"));
        var ex = Assert.Throws<SaliencyModelException>(() => SaliencyModel.LoadUnshared(path));
        Assert.Contains("names input 'pixels'", ex.Message);
        Assert.Contains("'image' [1,3,64,64]", ex.Message);
    }

    [Fact]
    public void WrongOutputNameListsTheModelsOutputs()
    {
        string path = TinyModels.Write(TestPaths.NewTempDirectory(), TinyModels.FixedBrightness(), TinyModels.Sidecar(outputName: "heat"));
        var ex = Assert.Throws<SaliencyModelException>(() => SaliencyModel.LoadUnshared(path));
        Assert.Contains("names output 'heat'", ex.Message);
        Assert.Contains("'saliency' [1,1,16,16]", ex.Message);
    }

    [Fact]
    public void MultiChannelOutputIsNotASaliencyMap()
    {
        string path = TinyModels.Write(TestPaths.NewTempDirectory(), TinyModels.FixedBrightness(outputChannels: 3), TinyModels.Sidecar());
        var ex = Assert.Throws<SaliencyModelException>(() => SaliencyModel.LoadUnshared(path));
        Assert.Contains("must be [1,1,h,w]", ex.Message);
    }

    [Fact]
    public void FixedInputDescribedAsAnySizeIsRejected()
    {
        string path = TinyModels.Write(TestPaths.NewTempDirectory(), TinyModels.FixedBrightness(), TinyModels.Sidecar(sizeMode: "multiple"));
        var ex = Assert.Throws<SaliencyModelException>(() => SaliencyModel.LoadUnshared(path));
        Assert.Contains("fixed shape [1,3,64,64]", ex.Message);
    }

    [Fact]
    public void WrongFixedSizeIsRejected()
    {
        string path = TinyModels.Write(TestPaths.NewTempDirectory(), TinyModels.FixedBrightness(), TinyModels.Sidecar(size: 128));
        var ex = Assert.Throws<SaliencyModelException>(() => SaliencyModel.LoadUnshared(path));
        Assert.Contains("fixed 128x128 input", ex.Message);
    }

    [Fact]
    public void BadDescriptionsAreExplained()
    {
        string dir = TestPaths.NewTempDirectory();
        string path = TinyModels.Write(dir, TinyModels.FixedBrightness(), TinyModels.Sidecar(layout: "NHWC"));
        Assert.Contains("only NCHW", Assert.Throws<SaliencyModelException>(() => SaliencyModel.LoadUnshared(path)).Message);

        File.WriteAllText(Path.ChangeExtension(path, ".json"), "{ not json");
        Assert.Contains("not valid JSON", Assert.Throws<SaliencyModelException>(() => SaliencyModel.LoadUnshared(path)).Message);

        File.WriteAllBytes(path, [1, 2, 3]);
        TinyModels.Write(dir, [1, 2, 3], TinyModels.Sidecar());
        Assert.Contains("ONNX Runtime cannot load", Assert.Throws<SaliencyModelException>(() => SaliencyModel.LoadUnshared(path)).Message);
    }
}
