using System.Text.Json;

namespace SemanticJpeg.ModelPatcher;

/// <summary>
/// Measured [min, max] per activation tensor (<see cref="ConvGraph.Activations"/>), saved beside the model's
/// manifest (schema <c>semanticjpeg.activation-ranges/1</c>). Written by <c>tools/SaliencyLab calibrate</c>.
/// </summary>
public sealed class ActivationRanges
{
    /// <summary>The file's schema identifier.</summary>
    public const string SchemaId = "semanticjpeg.activation-ranges/1";

    /// <summary>[min, max] per activation tensor name.</summary>
    public Dictionary<string, (float Min, float Max)> Ranges { get; } = new(StringComparer.Ordinal);

    /// <summary>How the ranges were measured (photos, input sizes), for the reader.</summary>
    public string Source { get; set; } = "";

    /// <summary>Widens the range of <paramref name="name"/> to take in <paramref name="values"/>.</summary>
    public void Add(string name, ReadOnlySpan<float> values)
    {
        float min = float.MaxValue, max = float.MinValue;
        foreach (var v in values) { if (v < min) min = v; if (v > max) max = v; }
        Ranges[name] = Ranges.TryGetValue(name, out var r) ? (Math.Min(r.Min, min), Math.Max(r.Max, max)) : (min, max);
    }

    /// <summary>The file's text: names in ordinal order, so a recalibration diffs cleanly.</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("schema", SchemaId);
            w.WriteString("source", Source);
            w.WriteStartObject("ranges");
            foreach (var (name, (min, max)) in Ranges.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                w.WriteStartArray(name);
                w.WriteNumberValue(min);
                w.WriteNumberValue(max);
                w.WriteEndArray();
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>Reads a file written by <see cref="ToJson"/>.</summary>
    /// <exception cref="InvalidDataException">Another schema, or a range that is not [min, max].</exception>
    public static ActivationRanges Read(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var root = doc.RootElement;
        if (!root.TryGetProperty("schema", out var schema) || schema.GetString() != SchemaId)
            throw new InvalidDataException($"{path}: not a '{SchemaId}' file.");
        var result = new ActivationRanges { Source = root.TryGetProperty("source", out var s) ? s.GetString() ?? "" : "" };
        foreach (var p in root.GetProperty("ranges").EnumerateObject())
        {
            var a = p.Value.EnumerateArray().Select(v => v.GetSingle()).ToArray();
            if (a.Length != 2 || !(a[0] <= a[1])) throw new InvalidDataException($"{path}: range of '{p.Name}' must be [min, max].");
            result.Ranges[p.Name] = (a[0], a[1]);
        }
        return result;
    }
}
