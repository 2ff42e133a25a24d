using System.Text.Json;

namespace SemanticJpeg.Saliency.Detection;

/// <summary>
/// The description of a shipped detector model (<c>models/blazeface-back.json</c>,
/// <c>models/selfie.json</c>, schema <c>semanticjpeg.detector-model/1</c>): which ONNX file, its
/// input name and size. Found in the same folders as the saliency models
/// (<see cref="SaliencyModelCatalog.SearchFolders"/>); the ONNX file sits beside it.
/// </summary>
internal sealed record DetectorManifest(string Name, string ModelPath, string InputName, int InputWidth, int InputHeight)
{
    public const string SchemaId = "semanticjpeg.detector-model/1";

    public static DetectorManifest Find(string name)
    {
        var searched = new List<string>();
        foreach (var folder in SaliencyModelCatalog.SearchFolders())
        {
            string manifestPath = Path.Combine(folder, name + ".json");
            searched.Add(manifestPath);
            if (!File.Exists(manifestPath)) continue;
            using var doc = JsonDocument.Parse(File.ReadAllText(manifestPath));
            var root = doc.RootElement;
            if (!root.TryGetProperty("schema", out var schema) || schema.GetString() != SchemaId)
                throw new SaliencyModelException($"'{manifestPath}' is not a detector description (schema {SchemaId}).");
            string file = root.GetProperty("file").GetString()!;
            var input = root.GetProperty("input");
            var shape = input.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray();
            string modelPath = Path.Combine(folder, file);
            if (File.Exists(modelPath))
                return new DetectorManifest(name, modelPath, input.GetProperty("name").GetString()!, shape[2], shape[1]);
            throw new SaliencyModelException(
                $"Detector '{name}' is described by '{manifestPath}', but '{file}' is not beside it. In a source checkout, build it with: ./build.sh publish") { IsNotFound = true };
        }
        throw new SaliencyModelException($"Detector model '{name}' not found. Looked for {string.Join(", ", searched.Select(s => $"'{s}'"))}.") { IsNotFound = true };
    }
}
