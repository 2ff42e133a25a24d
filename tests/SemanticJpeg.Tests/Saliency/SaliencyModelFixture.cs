using Xunit;
using SemanticJpeg.ModelPatcher;
using SemanticJpeg.Saliency;
using SemanticJpeg.Tests.TestSupport;

namespace SemanticJpeg.Tests.Saliency;

/// <summary>
/// Makes sure the patched default model exists (building it in-process with the ModelPatcher's
/// code from the NuGet package when artifacts/ is empty) and shares one loaded model between tests.
/// </summary>
public sealed class SaliencyModelFixture
{
    public SaliencyModelFixture()
    {
        string manifest = Path.Combine(TestPaths.RepoRoot, "models", "resnet18.json");
        ModelPath = Path.Combine(TestPaths.RepoRoot, "artifacts", "models", ManifestFile.PatchedFileName(manifest));
        if (!File.Exists(ModelPath) || !File.Exists(Path.Combine(Path.GetDirectoryName(ModelPath)!, "resnet18.json")))
            SaliencyModelPatcher.Run(manifest, ModelPath);
        Model = SaliencyModel.Get(SaliencyModelCatalog.DefaultModelName);
    }

    public string ModelPath { get; }

    public SaliencyModel Model { get; }
}

[CollectionDefinition(Name)]
public sealed class SaliencyCollection : ICollectionFixture<SaliencyModelFixture>
{
    public const string Name = "Saliency model";
}
