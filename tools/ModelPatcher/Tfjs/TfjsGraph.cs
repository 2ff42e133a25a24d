using System.Text;
using System.Text.Json;

namespace SemanticJpeg.ModelPatcher.Tfjs;

/// <summary>A constant of a TF.js graph model, decoded from its weights file to float32 or int32.</summary>
public sealed record TfjsTensor(string Name, int[] Shape, float[]? Floats, int[]? Ints)
{
    public bool IsFloat => Floats is not null;
    public int Count => Shape.Aggregate(1, (a, b) => a * b);
}

/// <summary>
/// An attribute of a TF.js graph node, as the converter writes them in model.json: a string
/// (base64 in the JSON), int, float, bool, type or list of ints/strings.
/// </summary>
public sealed record TfjsAttribute(string? S = null, long? I = null, float? F = null, bool? B = null, long[]? Ints = null, string[]? Strings = null);

/// <summary>A node of the GraphDef topology: op, inputs (tensor names without ":0"), attributes.</summary>
public sealed record TfjsNode(string Name, string Op, string[] Inputs, IReadOnlyDictionary<string, TfjsAttribute> Attributes)
{
    public string Str(string name, string fallback = "") => Attributes.TryGetValue(name, out var a) && a.S is { } s ? s : fallback;
    public long[] Ints(string name) => Attributes.TryGetValue(name, out var a) && a.Ints is { } i ? i : [];
    public string[] Strings(string name) => Attributes.TryGetValue(name, out var a) && a.Strings is { } s ? s : [];
    public bool Bool(string name) => Attributes.TryGetValue(name, out var a) && a.B == true;
}

/// <summary>
/// A TensorFlow.js "graph-model": model.json (a GraphDef topology in JSON plus a weights manifest)
/// and the weights file(s) it names. Only what our two models use is decoded: float32 and int32
/// weights, optionally float16- or uint8-quantised (the converter's weight compression).
/// </summary>
public sealed class TfjsGraph
{
    private TfjsGraph(List<TfjsNode> nodes, Dictionary<string, TfjsTensor> constants,
        List<(string Name, long[] Shape)> inputs, List<(string Name, long[] Shape)> outputs)
    {
        Nodes = nodes;
        Constants = constants;
        Inputs = inputs;
        Outputs = outputs;
    }

    /// <summary>The signature's inputs (node names) with their shapes, in the signature's order.</summary>
    public IReadOnlyList<(string Name, long[] Shape)> Inputs { get; }

    /// <summary>The signature's outputs (node names) with their shapes, sorted by name (JSON order is not meaningful).</summary>
    public IReadOnlyList<(string Name, long[] Shape)> Outputs { get; }

    /// <summary>Nodes in file order (TF.js writes them so that a node's inputs may come later; see <see cref="TopologicalOrder"/>).</summary>
    public IReadOnlyList<TfjsNode> Nodes { get; }

    /// <summary>Const nodes' values by node name.</summary>
    public IReadOnlyDictionary<string, TfjsTensor> Constants { get; }

    /// <param name="modelJson">model.json content.</param>
    /// <param name="readWeights">returns the bytes of a weights file named in the manifest's "paths".</param>
    public static TfjsGraph Load(ReadOnlySpan<byte> modelJson, Func<string, byte[]> readWeights)
    {
        using var doc = JsonDocument.Parse(modelJson.ToArray());
        var root = doc.RootElement;
        if (!root.TryGetProperty("modelTopology", out var topology) || !topology.TryGetProperty("node", out var nodeArray))
            throw new InvalidDataException("Not a TF.js graph model: model.json has no modelTopology.node.");

        var nodes = new List<TfjsNode>();
        foreach (var n in nodeArray.EnumerateArray())
        {
            var inputs = n.TryGetProperty("input", out var inp)
                ? inp.EnumerateArray().Select(i => TensorName(i.GetString()!)).Where(i => !i.StartsWith('^')).ToArray()
                : [];
            var attrs = new Dictionary<string, TfjsAttribute>();
            if (n.TryGetProperty("attr", out var a))
                foreach (var p in a.EnumerateObject()) attrs[p.Name] = ReadAttribute(p.Value);
            nodes.Add(new TfjsNode(n.GetProperty("name").GetString()!, n.GetProperty("op").GetString()!, inputs, attrs));
        }

        var constants = new Dictionary<string, TfjsTensor>();
        foreach (var group in root.GetProperty("weightsManifest").EnumerateArray())
        {
            // A group's files are one buffer split into shards.
            var buffer = group.GetProperty("paths").EnumerateArray().SelectMany(p => readWeights(p.GetString()!)).ToArray();
            int offset = 0;
            foreach (var w in group.GetProperty("weights").EnumerateArray())
            {
                var t = ReadWeight(w, buffer, ref offset);
                constants[t.Name] = t;
            }
            if (offset != buffer.Length)
                throw new InvalidDataException($"The weights manifest describes {offset} bytes but the weights file has {buffer.Length}.");
        }
        foreach (var n in nodes.Where(n => n.Op == "Const"))
            if (!constants.ContainsKey(n.Name))
                throw new InvalidDataException($"Const node '{n.Name}' has no entry in the weights manifest.");
        // The signature sits at the top level or (newer converters) under userDefinedMetadata.
        JsonElement signature = default;
        if (!root.TryGetProperty("signature", out signature) &&
            !(root.TryGetProperty("userDefinedMetadata", out var meta) && meta.TryGetProperty("signature", out signature)))
            throw new InvalidDataException("model.json has no signature: the converter needs the input and output shapes.");
        return new TfjsGraph(nodes, constants, ReadSignature(signature, "inputs"),
            ReadSignature(signature, "outputs").OrderBy(o => o.Name, StringComparer.Ordinal).ToList());
    }

    private static List<(string Name, long[] Shape)> ReadSignature(JsonElement signature, string part)
    {
        var list = new List<(string, long[])>();
        foreach (var p in signature.GetProperty(part).EnumerateObject())
        {
            var dims = p.Value.GetProperty("tensorShape").GetProperty("dim").EnumerateArray()
                .Select(d => d.TryGetProperty("size", out var size) ? long.Parse(size.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : -1)
                .ToArray();
            list.Add((TensorName(p.Value.GetProperty("name").GetString()!), dims));
        }
        return list;
    }

    /// <summary>The non-constant nodes, each after all its inputs.</summary>
    public IReadOnlyList<TfjsNode> TopologicalOrder()
    {
        var byName = Nodes.ToDictionary(n => n.Name);
        var done = new HashSet<string>();
        var order = new List<TfjsNode>();
        foreach (var n in Nodes) Visit(n);
        return order;

        void Visit(TfjsNode node)
        {
            // Iterative depth-first walk: the graphs are a few hundred nodes deep at most, but a
            // recursion per node is the one thing here that could overflow on a larger model.
            var stack = new Stack<(TfjsNode Node, int Next)>();
            if (!done.Add(node.Name)) return;
            stack.Push((node, 0));
            while (stack.Count > 0)
            {
                var (current, next) = stack.Pop();
                if (next < current.Inputs.Length)
                {
                    stack.Push((current, next + 1));
                    if (!byName.TryGetValue(current.Inputs[next], out var input))
                        throw new InvalidDataException($"Node '{current.Name}' reads '{current.Inputs[next]}', which no node produces.");
                    if (done.Add(input.Name)) stack.Push((input, 0));
                }
                else if (current.Op != "Const") order.Add(current);
            }
        }
    }

    /// <summary>"name:0" and "name" are the same tensor; other output indices do not occur in our models.</summary>
    private static string TensorName(string input)
    {
        int colon = input.LastIndexOf(':');
        if (colon < 0) return input;
        if (input[(colon + 1)..] != "0")
            throw new NotSupportedException($"Input '{input}' reads a node's second output; no supported op has one.");
        return input[..colon];
    }

    private static TfjsAttribute ReadAttribute(JsonElement v)
    {
        if (v.TryGetProperty("s", out var s)) return new TfjsAttribute(S: Encoding.UTF8.GetString(Convert.FromBase64String(s.GetString()!)));
        if (v.TryGetProperty("i", out var i)) return new TfjsAttribute(I: long.Parse(i.GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        if (v.TryGetProperty("f", out var f)) return new TfjsAttribute(F: f.ValueKind == JsonValueKind.String ? float.Parse(f.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : f.GetSingle());
        if (v.TryGetProperty("b", out var b)) return new TfjsAttribute(B: b.GetBoolean());
        if (v.TryGetProperty("list", out var list))
        {
            var ints = list.TryGetProperty("i", out var li) ? li.EnumerateArray().Select(x => long.Parse(x.GetString()!, System.Globalization.CultureInfo.InvariantCulture)).ToArray() : [];
            var strs = list.TryGetProperty("s", out var ls) ? ls.EnumerateArray().Select(x => Encoding.UTF8.GetString(Convert.FromBase64String(x.GetString()!))).ToArray() : [];
            return new TfjsAttribute(Ints: ints, Strings: strs);
        }
        return new TfjsAttribute();
    }

    private static TfjsTensor ReadWeight(JsonElement w, byte[] buffer, ref int offset)
    {
        string name = w.GetProperty("name").GetString()!;
        int[] shape = w.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray();
        string dtype = w.GetProperty("dtype").GetString()!;
        int count = shape.Aggregate(1, (a, b) => a * b);
        string stored = dtype;
        float scale = 1, min = 0;
        if (w.TryGetProperty("quantization", out var q))
        {
            stored = q.GetProperty("dtype").GetString()!;
            if (q.TryGetProperty("scale", out var sc)) scale = sc.GetSingle();
            if (q.TryGetProperty("min", out var mn)) min = mn.GetSingle();
        }
        int size = stored switch { "float32" or "int32" => 4, "float16" or "uint16" => 2, "uint8" => 1, _ => throw new NotSupportedException($"Weight '{name}': dtype {stored} is not supported.") };
        if (offset + (long)count * size > buffer.Length)
            throw new InvalidDataException($"Weight '{name}' runs past the end of the weights file.");
        var bytes = buffer.AsSpan(offset, count * size);
        offset += count * size;

        if (dtype == "int32")
        {
            if (stored != "int32") throw new NotSupportedException($"Weight '{name}': quantised int32 is not supported.");
            var ints = new int[count];
            for (int k = 0; k < count; k++) ints[k] = BitConverter.ToInt32(bytes.Slice(k * 4, 4));
            return new TfjsTensor(name, shape, null, ints);
        }
        if (dtype != "float32") throw new NotSupportedException($"Weight '{name}': dtype {dtype} is not supported.");
        var floats = new float[count];
        for (int k = 0; k < count; k++)
        {
            floats[k] = stored switch
            {
                "float32" => BitConverter.ToSingle(bytes.Slice(k * 4, 4)),
                "float16" => (float)BitConverter.ToHalf(bytes.Slice(k * 2, 2)),
                // Affine quantisation: value = stored * scale + min.
                "uint16" => BitConverter.ToUInt16(bytes.Slice(k * 2, 2)) * scale + min,
                _ => bytes[k] * scale + min,
            };
        }
        return new TfjsTensor(name, shape, floats, null);
    }
}
