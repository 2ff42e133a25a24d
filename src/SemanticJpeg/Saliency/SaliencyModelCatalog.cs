namespace SemanticJpeg.Saliency;

/// <summary>A model file and its description, found on disk.</summary>
internal sealed record ResolvedSaliencyModel(string Name, string ModelPath, string ManifestPath, SaliencyModelManifest Manifest);

/// <summary>
/// Finds saliency models by name or path.
/// <list type="bullet">
/// <item>A path to an <c>.onnx</c> file needs its description beside it: <c>same-name.json</c>, or
/// any manifest in that folder whose <c>file</c> names it.</item>
/// <item>A path to a <c>.json</c> description: the model is its <c>file</c>, relative to it.</item>
/// <item>A name (<c>resnet18</c>, the default) is looked up as <c>&lt;name&gt;.json</c> in, in order:
/// the folders in <c>SEMANTICJPEG_MODEL_PATH</c>; <c>models/</c> beside SemanticJpeg.dll; and, in
/// the PowerShell module (the library in <c>Dependencies/</c>), <c>models/</c> beside the manifest.
/// The ONNX file is looked for beside its description.</item>
/// </list>
/// The catalog knows only where a published library keeps its models, never the source repository:
/// tests, benchmarks and tools find the repository's built models (<c>artifacts/models/</c>) by
/// setting <c>SEMANTICJPEG_MODEL_PATH</c> (tools/DevelopmentModels.cs).
/// </summary>
internal static class SaliencyModelCatalog
{
    public const string DefaultModelName = "resnet18";
    public const string ModelPathVariable = "SEMANTICJPEG_MODEL_PATH";

    public static ResolvedSaliencyModel Resolve(string? nameOrPath)
    {
        nameOrPath = string.IsNullOrWhiteSpace(nameOrPath) ? DefaultModelName : nameOrPath.Trim();
        return IsPath(nameOrPath) ? ResolvePath(Path.GetFullPath(nameOrPath)) : ResolveName(nameOrPath);
    }

    /// <summary>
    /// The one rule for what a model argument is: a file path (.onnx, .json, or anything with a
    /// <c>/</c> or <c>\</c> in it, on every platform) rather than a model name. The cmdlets use it
    /// to resolve paths against the PowerShell location.
    /// </summary>
    internal static bool IsPath(string nameOrPath) =>
        nameOrPath.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase)
        || nameOrPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
        || nameOrPath.Contains('/') || nameOrPath.Contains('\\');

    /// <summary>The folders searched for a named model (and the detectors' descriptions), in order.</summary>
    public static IReadOnlyList<string> SearchFolders()
    {
        var list = new List<string>();
        var env = Environment.GetEnvironmentVariable(ModelPathVariable);
        if (!string.IsNullOrWhiteSpace(env))
            foreach (var folder in env.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                list.Add(Path.GetFullPath(folder));

        string assemblyFolder = AssemblyFolder();
        list.Add(Path.Combine(assemblyFolder, "models"));
        // In the PowerShell module this assembly sits in Dependencies/ and the models beside the manifest.
        if (Path.GetFileName(assemblyFolder) == "Dependencies")
            list.Add(Path.Combine(Path.GetDirectoryName(assemblyFolder)!, "models"));
        return list;
    }

    private static string AssemblyFolder()
    {
        var location = typeof(SaliencyModelCatalog).Assembly.Location;
        return string.IsNullOrEmpty(location) ? AppContext.BaseDirectory : Path.GetDirectoryName(location)!;
    }

    /// <summary>
    /// Where a description's <c>file</c> points, which must be inside <paramref name="folder"/>: a
    /// sidecar that came with a downloaded model must not make us load (or probe for) a file
    /// elsewhere, such as <c>../../home/x/.ssh/id_rsa</c> or a symbolic link out of the folder. A
    /// model anywhere else is used only when the user names its .onnx path directly.
    /// </summary>
    internal static string ModelFileInside(string folder, string file, string manifestPath)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)) + Path.DirectorySeparatorChar;
        string full = Path.GetFullPath(Path.Combine(root, file));
        bool inside = !Path.IsPathRooted(file) && full.StartsWith(root, StringComparison.Ordinal);
        if (inside && File.Exists(full) && new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true) is { } target)
            inside = Path.GetFullPath(target.FullName).StartsWith(root, StringComparison.Ordinal);
        if (!inside)
            throw new SaliencyModelException(
                $"Model description '{manifestPath}': 'file' is '{file}', which is outside the description's folder '{root}'. " +
                "A description may only name a model file beside it; pass the .onnx path itself to use a model elsewhere.");
        return full;
    }

    private static ResolvedSaliencyModel ResolveName(string name)
    {
        var searched = new List<string>();
        foreach (var folder in SearchFolders())
        {
            string manifestPath = Path.Combine(folder, name + ".json");
            searched.Add(manifestPath);
            if (!File.Exists(manifestPath)) continue;
            var manifest = SaliencyModelManifest.Load(manifestPath);
            string file = manifest.File ?? name + ".onnx";
            string modelPath = ModelFileInside(folder, file, manifestPath);
            if (File.Exists(modelPath)) return new ResolvedSaliencyModel(manifest.Name ?? name, modelPath, manifestPath, manifest);
            throw new SaliencyModelException(
                $"Saliency model '{name}' is described by '{manifestPath}', but its model file '{file}' is not in '{folder}'. " +
                "In a source checkout, build it with: dotnet run --project tools/ModelPatcher -c Release") { IsNotFound = true };
        }
        throw new SaliencyModelException(
            $"Saliency model '{name}' not found. Looked for {string.Join(", ", searched.Select(s => $"'{s}'"))}. " +
            $"Pass a path to an .onnx file (with a .json description beside it) or set {ModelPathVariable} to a folder holding '{name}.json'.") { IsNotFound = true };
    }

    private static ResolvedSaliencyModel ResolvePath(string path)
    {
        if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            if (!File.Exists(path)) throw new SaliencyModelException($"Saliency model description '{path}' does not exist.") { IsNotFound = true };
            var manifest = SaliencyModelManifest.Load(path);
            string file = manifest.File ?? Path.ChangeExtension(Path.GetFileName(path), ".onnx");
            string dir = Path.GetDirectoryName(path)!;
            string modelPath = ModelFileInside(dir, file, path);
            if (File.Exists(modelPath))
                return new ResolvedSaliencyModel(manifest.Name ?? Path.GetFileNameWithoutExtension(path), modelPath, path, manifest);
            throw new SaliencyModelException(
                $"Saliency model file '{file}' named by '{path}' is not in '{dir}'. " +
                "In a source checkout, build it with: dotnet run --project tools/ModelPatcher -c Release") { IsNotFound = true };
        }

        if (!File.Exists(path)) throw new SaliencyModelException($"Saliency model file '{path}' does not exist.") { IsNotFound = true };
        string folder = Path.GetDirectoryName(path)!;
        string sidecar = Path.ChangeExtension(path, ".json");
        if (File.Exists(sidecar))
        {
            var manifest = SaliencyModelManifest.Load(sidecar);
            return new ResolvedSaliencyModel(manifest.Name ?? Path.GetFileNameWithoutExtension(path), path, sidecar, manifest);
        }
        // The published layout keeps resnet18.json beside resnet18-saliency.onnx: accept a manifest
        // in the same folder that names this file.
        foreach (var json in Directory.EnumerateFiles(folder, "*.json").OrderBy(f => f, StringComparer.Ordinal))
        {
            SaliencyModelManifest manifest;
            try { manifest = SaliencyModelManifest.Load(json); }
            catch (SaliencyModelException) { continue; }
            if (string.Equals(manifest.File, Path.GetFileName(path), StringComparison.OrdinalIgnoreCase))
                return new ResolvedSaliencyModel(manifest.Name ?? Path.GetFileNameWithoutExtension(path), path, json, manifest);
        }
        throw new SaliencyModelException(
            $"Saliency model '{path}' has no description: expected '{sidecar}' (input name, layout, channel order, normalisation, size rule and outputs; see models/README.md).");
    }
}
