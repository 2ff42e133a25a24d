// Linked into the tests, the benchmarks and tools/SaliencyLab (see their .csproj): the one place
// that knows where a source checkout keeps its built models. The library only looks where a
// published copy keeps them (SEMANTICJPEG_MODEL_PATH, models/ beside the library or the module).
#pragma warning disable CA2255 // A module initializer in a test/tool assembly on purpose: it runs before any model lookup.
using System.Runtime.CompilerServices;
using SemanticJpeg.Saliency;

namespace SemanticJpeg.Development;

internal static class DevelopmentModels
{
    /// <summary>
    /// Appends the repository's <c>artifacts/models/</c> (what <c>./build.sh publish</c> and
    /// tools/ModelPatcher write: the ONNX files with their descriptions) to
    /// <c>SEMANTICJPEG_MODEL_PATH</c>, after any folders the caller set, when this assembly runs from
    /// inside a checkout (a folder above it holds SemanticJpeg.PowerShell.sln).
    /// </summary>
    [ModuleInitializer]
    internal static void AddRepositoryModels()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "SemanticJpeg.PowerShell.sln"))) continue;
            string models = Path.Combine(dir.FullName, "artifacts", "models");
            string? current = Environment.GetEnvironmentVariable(SaliencyModelCatalog.ModelPathVariable);
            Environment.SetEnvironmentVariable(SaliencyModelCatalog.ModelPathVariable,
                string.IsNullOrWhiteSpace(current) ? models : current + Path.PathSeparator + models);
            return;
        }
    }
}
