using System.Text.Json;

namespace SemanticJpeg.ModelPatcher;

public static class RepoRoot
{
    /// <summary>The first folder at or above <paramref name="start"/> holding SemanticJpeg.PowerShell.sln.</summary>
    public static string? Find(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "SemanticJpeg.PowerShell.sln"))) return dir.FullName;
        return null;
    }
}

public static class ManifestFile
{
    /// <summary>The manifest's "file" property: the patched model's file name.</summary>
    public static string PatchedFileName(string manifestPath)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(manifestPath));
        return doc.RootElement.TryGetProperty("file", out var f) && f.GetString() is { Length: > 0 } name
            ? name
            : throw new InvalidDataException($"{manifestPath}: missing property 'file'.");
    }
}
