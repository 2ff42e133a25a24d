using System.Text.Json;
using SemanticJpeg.Pipeline;
using SemanticJpeg.Saliency;
using SemanticJpeg.Tests.TestSupport;
using Xunit;

namespace SemanticJpeg.Tests.Saliency;

/// <summary>A description's "file" may only name a model inside the description's folder.</summary>
public sealed class SidecarPathRuleTests : IDisposable
{
    private readonly string _dir = TestPaths.NewTempDirectory();
    private readonly string _models;
    private readonly string _outsideModel;

    public SidecarPathRuleTests()
    {
        _models = Directory.CreateDirectory(Path.Combine(_dir, "models")).FullName;
        var outside = Directory.CreateDirectory(Path.Combine(_dir, "elsewhere")).FullName;
        _outsideModel = TinyModels.Write(outside, TinyModels.FixedBrightness(), TinyModels.Sidecar());
    }

    public void Dispose() => Directory.Delete(_dir, true);

    private string Description(string file)
    {
        var path = Path.Combine(_models, "custom.json");
        File.WriteAllText(path, JsonSerializer.Serialize(TinyModels.Sidecar(file: file)));
        return path;
    }

    [Theory]
    [InlineData("../elsewhere/model.onnx")]
    [InlineData("sub/../../elsewhere/model.onnx")]
    [InlineData("absolute")]
    public void A_description_cannot_point_outside_its_folder(string file)
    {
        var json = Description(file == "absolute" ? _outsideModel : file);
        var e = Assert.Throws<SaliencyModelException>(() => SaliencyModelCatalog.Resolve(json));
        Assert.False(e.IsNotFound);
        Assert.Contains("outside the description's folder", e.Message);
        Assert.Equal(SemanticJpegErrorCode.ModelInvalid, Assert.Throws<SemanticJpegException>(() => SaliencyModel.Get(json)).Code);
    }

    [Fact]
    public void A_symbolic_link_out_of_the_folder_is_refused_too()
    {
        File.CreateSymbolicLink(Path.Combine(_models, "link.onnx"), _outsideModel);
        var e = Assert.Throws<SaliencyModelException>(() => SaliencyModelCatalog.Resolve(Description("link.onnx")));
        Assert.Contains("outside", e.Message);
    }

    [Fact]
    public void Models_beside_or_below_the_description_and_models_the_user_names_are_used()
    {
        var sub = Directory.CreateDirectory(Path.Combine(_models, "sub")).FullName;
        TinyModels.Write(sub, TinyModels.FixedBrightness(), sidecar: null);
        Assert.Equal(Path.Combine(sub, "model.onnx"), SaliencyModelCatalog.Resolve(Description("sub/model.onnx")).ModelPath);
        // Named by the user: the path is theirs, wherever it is.
        Assert.Equal(_outsideModel, SaliencyModelCatalog.Resolve(_outsideModel).ModelPath);
    }
}
