using Xunit;
using SemanticJpeg.ModelPatcher.Tfjs;
using SemanticJpeg.Tests.TestSupport;

namespace SemanticJpeg.Tests.Detection;

/// <summary>
/// Makes sure the converted detector models exist in artifacts/models, converting them in-process
/// from the npm tarball the build caches (./build.sh publish fetches it) when they are missing.
/// </summary>
public sealed class DetectorModelFixture
{
    public static readonly string[] Models = ["blazeface-back", "selfie"];

    public DetectorModelFixture()
    {
        foreach (var name in Models)
        {
            string manifest = Path.Combine(TestPaths.RepoRoot, "models", name + ".json");
            string output = Path.Combine(TestPaths.RepoRoot, "artifacts", "models", name + ".onnx");
            if (File.Exists(output) && File.Exists(Path.ChangeExtension(output, ".json"))) continue;
            string tarball = TfjsModelConverter.CachedTarball(manifest);
            if (!File.Exists(tarball))
                throw new InvalidOperationException($"'{output}' is missing and so is its source '{tarball}': run ./build.sh publish first (it fetches the npm package).");
            TfjsModelConverter.Run(manifest, tarball, output);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class DetectorCollection : ICollectionFixture<DetectorModelFixture>
{
    public const string Name = "Detector models";
}
