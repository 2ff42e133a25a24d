using System.Security.Cryptography;
using System.Text.Json;

namespace SemanticJpeg.ModelPatcher;

/// <summary>
/// Produces the saliency model described by a manifest (models/&lt;name&gt;.json) from its source
/// package in the NuGet global packages folder: verify the source's sha256, expose the feature
/// maps the manifest lists as outputs, make the input's height and width symbolic, and where the
/// manifest has a <c>quantization</c> section quantise it to 8 bits (<see cref="Int8Quantizer"/>).
/// </summary>
public static class SaliencyModelPatcher
{
    /// <summary>Bumped when the patch itself changes, so stale outputs are detected.</summary>
    public const string PatchVersion = "2";

    public sealed record Result(string OutputPath, bool Written, string Sha256, TimeSpan Elapsed);

    /// <summary>
    /// Patches the manifest's source model into <paramref name="outputPath"/>. Idempotent: when the
    /// file already holds exactly the bytes the patch would produce it is left untouched. The file
    /// is written to a temporary name and moved into place, so concurrent builds/tests never see a
    /// half-written model.
    /// </summary>
    public static Result Run(string manifestPath, string outputPath, string? sourcePath = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        byte[] patched = Build(manifestPath, sourcePath, quantize: true);
        string sha = Convert.ToHexStringLower(SHA256.HashData(patched));

        bool written = WriteIfChanged(outputPath, patched);
        // The description travels with the model (the published module keeps both in models/), so
        // the output folder can be searched by name and the .onnx loaded by path.
        string manifestCopy = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(outputPath))!, Path.GetFileName(manifestPath));
        if (!string.Equals(Path.GetFullPath(manifestCopy), Path.GetFullPath(manifestPath), StringComparison.Ordinal))
            written |= WriteIfChanged(manifestCopy, File.ReadAllBytes(manifestPath));
        return new Result(outputPath, written, sha, clock.Elapsed);
    }

    /// <summary>
    /// The activation-ranges file the manifest's <c>quantization</c> section names (beside the manifest), or null
    /// when the model is not quantised.
    /// </summary>
    public static string? RangesFileName(string manifestPath)
    {
        using var doc = ReadManifest(manifestPath);
        return RangesFileName(doc.RootElement, manifestPath);
    }

    private static string? RangesFileName(JsonElement root, string manifestPath) =>
        root.TryGetProperty("quantization", out var quantization) ? Required(quantization, "ranges", manifestPath).GetString() : null;

    private static JsonDocument ReadManifest(string manifestPath) =>
        JsonDocument.Parse(File.ReadAllText(manifestPath), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });

    /// <summary>
    /// The model the manifest describes: the source patched (outputs, symbolic size) and, where the manifest has
    /// a <c>quantization</c> section and <paramref name="quantize"/> is set, quantised to 8 bits with the
    /// activation ranges it names (<see cref="Int8Quantizer"/>). Without quantisation: the float model the
    /// calibration measures.
    /// </summary>
    public static byte[] Build(string manifestPath, string? sourcePath, bool quantize)
    {
        using var doc = ReadManifest(manifestPath);
        var root = doc.RootElement;
        var source = Required(root, "source", manifestPath);
        sourcePath ??= FindSourceInPackages(source, manifestPath);
        string expectedSha = Required(source, "sha256", manifestPath).GetString()!;

        byte[] original = File.ReadAllBytes(sourcePath);
        string actualSha = Convert.ToHexStringLower(SHA256.HashData(original));
        if (!actualSha.Equals(expectedSha, StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException($"'{sourcePath}' has sha256 {actualSha}, but {manifestPath} expects {expectedSha}. The package is corrupt or a different version.");

        var input = Required(root, "input", manifestPath);
        string inputName = Required(input, "name", manifestPath).GetString()!;
        var size = Required(input, "size", manifestPath);
        var symbolic = new Dictionary<int, string>();
        if (Required(size, "mode", manifestPath).GetString() == "multiple")
        {
            // NCHW: axes 2 and 3 are height and width.
            symbolic[2] = "height";
            symbolic[3] = "width";
        }
        var outputs = Required(root, "outputs", manifestPath).EnumerateArray().Select(o => Required(o, "name", manifestPath).GetString()!).ToList();

        var metadata = new Dictionary<string, string>
        {
            ["semanticjpeg.source_sha256"] = actualSha,
            ["semanticjpeg.patch_version"] = PatchVersion,
            ["semanticjpeg.manifest"] = Path.GetFileName(manifestPath),
        };
        var patch = new GraphPatch(inputName, symbolic, outputs, metadata);
        ActivationRanges? ranges = null;
        if (quantize && RangesFileName(root, manifestPath) is string rangesFile)
        {
            string rangesPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(manifestPath))!, rangesFile);
            ranges = ActivationRanges.Read(rangesPath);
            metadata["semanticjpeg.quantization"] = "int8 QDQ, ranges sha256 " + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(rangesPath)));
        }
        byte[] patched = OnnxGraphPatcher.Patch(original, patch);
        if (ranges is null) return patched;
        var graph = ConvGraph.Read(patched);
        graph.FoldBatchNorm();
        return Int8Quantizer.Quantize(graph, ranges);
    }

    /// <summary>Writes through a temporary file and a move, so readers never see half a file; skips identical content.</summary>
    internal static bool WriteIfChanged(string path, byte[] content)
    {
        if (File.Exists(path) && new FileInfo(path).Length == content.Length &&
            SHA256.HashData(File.ReadAllBytes(path)).AsSpan().SequenceEqual(SHA256.HashData(content)))
            return false;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        string temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllBytes(temp, content);
        File.Move(temp, path, overwrite: true);
        return true;
    }

    /// <summary>The NuGet global packages folder: $NUGET_PACKAGES, else ~/.nuget/packages.</summary>
    public static string NuGetPackagesFolder()
    {
        var env = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (!string.IsNullOrWhiteSpace(env)) return env;
        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
    }

    private static string FindSourceInPackages(JsonElement source, string manifestPath)
    {
        string package = Required(source, "package", manifestPath).GetString()!;
        string version = Required(source, "version", manifestPath).GetString()!;
        string inPackage = Required(source, "pathInPackage", manifestPath).GetString()!;
        string folder = NuGetPackagesFolder();
        string path = Path.Combine(folder, package.ToLowerInvariant(), version.ToLowerInvariant(), inPackage.Replace('/', Path.DirectorySeparatorChar));
        if (!File.Exists(path))
            throw new FileNotFoundException(
                $"The source model '{inPackage}' of NuGet package {package} {version} is not in '{folder}'. " +
                "Restore it with: dotnet restore tools/restore/Restore.csproj", path);
        return path;
    }

    private static JsonElement Required(JsonElement e, string name, string manifestPath) =>
        e.TryGetProperty(name, out var v) ? v : throw new InvalidDataException($"{manifestPath}: missing property '{name}'.");
}
