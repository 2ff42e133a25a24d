using System.Text;
using System.Text.Json.Nodes;
using SemanticJpeg.ModelPatcher.Tfjs;

namespace SemanticJpeg.Tests.Detection;

/// <summary>
/// Writes small TF.js graph models (model.json + weights) in memory, in the format the TF.js
/// converter produces (attribute strings base64, ints as strings, float32 or float16 weights), so
/// each op can be converted and checked on its own.
/// </summary>
internal sealed class TfjsGraphWriter
{
    private readonly JsonArray _nodes = [];
    private readonly JsonArray _weights = [];
    private readonly MemoryStream _bin = new();
    private readonly List<(string Name, int[] Shape)> _inputs = [];
    private readonly List<string> _outputs = [];

    public TfjsGraphWriter Input(string name, params int[] shape)
    {
        _inputs.Add((name, shape));
        _nodes.Add(new JsonObject { ["name"] = name, ["op"] = "Placeholder", ["attr"] = new JsonObject() });
        return this;
    }

    /// <summary>A float32 constant (float16-quantised when <paramref name="half"/>: what selfie's weights are).</summary>
    public TfjsGraphWriter Const(string name, int[] shape, float[] values, bool half = false)
    {
        var w = new JsonObject { ["name"] = name, ["shape"] = Shape(shape), ["dtype"] = "float32" };
        if (half)
        {
            w["quantization"] = new JsonObject { ["dtype"] = "float16", ["original_dtype"] = "float32" };
            foreach (var v in values) _bin.Write(BitConverter.GetBytes((Half)v));
        }
        else foreach (var v in values) _bin.Write(BitConverter.GetBytes(v));
        _weights.Add(w);
        _nodes.Add(new JsonObject { ["name"] = name, ["op"] = "Const", ["attr"] = new JsonObject() });
        return this;
    }

    public TfjsGraphWriter IntConst(string name, params int[] values)
    {
        _weights.Add(new JsonObject { ["name"] = name, ["shape"] = Shape([values.Length]), ["dtype"] = "int32" });
        foreach (var v in values) _bin.Write(BitConverter.GetBytes(v));
        _nodes.Add(new JsonObject { ["name"] = name, ["op"] = "Const", ["attr"] = new JsonObject() });
        return this;
    }

    public TfjsGraphWriter IntConst2(string name, int rows, params int[] values)
    {
        _weights.Add(new JsonObject { ["name"] = name, ["shape"] = Shape([rows, values.Length / rows]), ["dtype"] = "int32" });
        foreach (var v in values) _bin.Write(BitConverter.GetBytes(v));
        _nodes.Add(new JsonObject { ["name"] = name, ["op"] = "Const", ["attr"] = new JsonObject() });
        return this;
    }

    public TfjsGraphWriter Node(string name, string op, string[] inputs, JsonObject? attr = null)
    {
        var ins = new JsonArray();
        foreach (var i in inputs) ins.Add(i);
        _nodes.Add(new JsonObject { ["name"] = name, ["op"] = op, ["input"] = ins, ["attr"] = attr ?? new JsonObject() });
        return this;
    }

    public TfjsGraphWriter Output(string name)
    {
        _outputs.Add(name);
        return this;
    }

    /// <summary>The graph, with output shapes in the signature as the reference interpreter computes them.</summary>
    public TfjsGraph Build(IReadOnlyDictionary<string, RefTensor> inputs)
    {
        var probe = Load(_outputs.ToDictionary(o => o, _ => new[] { 1 }));
        var values = TfjsReference.Run(probe, inputs);
        return Load(_outputs.ToDictionary(o => o, o => values[o].Shape));
    }

    private TfjsGraph Load(Dictionary<string, int[]> outputShapes)
    {
        var sigIn = new JsonObject();
        foreach (var (name, shape) in _inputs) sigIn[name + ":0"] = Signature(name, shape);
        var sigOut = new JsonObject();
        foreach (var (name, shape) in outputShapes) sigOut[name + ":0"] = Signature(name, shape);
        var root = new JsonObject
        {
            ["format"] = "graph-model",
            ["modelTopology"] = new JsonObject { ["node"] = _nodes.DeepClone() },
            ["weightsManifest"] = new JsonArray(new JsonObject { ["paths"] = new JsonArray("w.bin"), ["weights"] = _weights.DeepClone() }),
            ["signature"] = new JsonObject { ["inputs"] = sigIn, ["outputs"] = sigOut },
        };
        var bin = _bin.ToArray();
        return TfjsGraph.Load(Encoding.UTF8.GetBytes(root.ToJsonString()), path => path == "w.bin" ? bin : throw new FileNotFoundException(path));
    }

    private static JsonObject Signature(string name, int[] shape)
    {
        var dims = new JsonArray();
        foreach (var d in shape) dims.Add(new JsonObject { ["size"] = d.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        return new JsonObject { ["name"] = name + ":0", ["dtype"] = "DT_FLOAT", ["tensorShape"] = new JsonObject { ["dim"] = dims } };
    }

    private static JsonArray Shape(int[] shape)
    {
        var a = new JsonArray();
        foreach (var d in shape) a.Add(d);
        return a;
    }

    // Attribute helpers in the converter's JSON encoding.
    public static JsonObject Attrs(params (string Key, JsonNode Value)[] attrs)
    {
        var o = new JsonObject();
        foreach (var (k, v) in attrs) o[k] = v;
        return o;
    }

    public static JsonNode S(string value) => new JsonObject { ["s"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(value)) };
    public static JsonNode B(bool value) => new JsonObject { ["b"] = value };
    public static JsonNode Ints(params long[] values)
    {
        var a = new JsonArray();
        foreach (var v in values) a.Add(v.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return new JsonObject { ["list"] = new JsonObject { ["i"] = a } };
    }
    public static JsonNode Strings(params string[] values)
    {
        var a = new JsonArray();
        foreach (var v in values) a.Add(Convert.ToBase64String(Encoding.UTF8.GetBytes(v)));
        return new JsonObject { ["list"] = new JsonObject { ["s"] = a } };
    }
}
