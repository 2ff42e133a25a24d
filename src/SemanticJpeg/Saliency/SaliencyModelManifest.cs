using System.Text.Json;
using System.Text.Json.Serialization;

namespace SemanticJpeg.Saliency;

/// <summary>
/// The JSON that describes a saliency model: our own manifest (models/resnet18.json) and the sidecar
/// of a custom model (<c>model.onnx</c> + <c>model.json</c>) share this one schema. See models/README.md.
/// </summary>
internal sealed record SaliencyModelManifest
{
    public const string SchemaId = "semanticjpeg.saliency-model/1";

    [JsonPropertyName("schema")] public string? Schema { get; init; }

    /// <summary>Short name used to select the model (<c>-Model resnet18</c>).</summary>
    [JsonPropertyName("name")] public string? Name { get; init; }

    [JsonPropertyName("description")] public string? Description { get; init; }

    /// <summary>File name of the ONNX model, relative to the manifest's folder and inside it (no rooted path, no <c>..</c> out of it).</summary>
    [JsonPropertyName("file")] public string? File { get; init; }

    [JsonPropertyName("license")] public string? License { get; init; }

    /// <summary>Where the model comes from (package, version, sha256); informational at run time.</summary>
    [JsonPropertyName("source")] public JsonElement? Source { get; init; }

    [JsonPropertyName("input")] public SaliencyModelInput Input { get; init; } = new();

    [JsonPropertyName("outputs")] public List<SaliencyModelOutput> Outputs { get; init; } = [];

    /// <summary>Feature models: how the distance from the image's borders becomes a subject probability.</summary>
    [JsonPropertyName("calibration")] public SaliencyModelCalibration Calibration { get; init; } = new();

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        PropertyNameCaseInsensitive = true,
    };

    /// <summary>Reads and checks a manifest; errors name the file and the offending property.</summary>
    public static SaliencyModelManifest Load(string path)
    {
        SaliencyModelManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<SaliencyModelManifest>(System.IO.File.ReadAllText(path), JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new SaliencyModelException($"Model description '{path}' is not valid JSON: {ex.Message}", ex);
        }
        if (manifest is null) throw new SaliencyModelException($"Model description '{path}' is empty.");
        manifest.Validate(path);
        return manifest;
    }

    internal void Validate(string path)
    {
        void Fail(string what) => throw new SaliencyModelException($"Model description '{path}': {what} (schema: models/README.md).");

        if (Schema is not null && Schema != SchemaId) Fail($"unknown schema '{Schema}', expected '{SchemaId}'");
        if (string.IsNullOrWhiteSpace(Input.Name)) Fail("'input.name' is required");
        if (!string.Equals(Input.Layout, "NCHW", StringComparison.OrdinalIgnoreCase)) Fail($"'input.layout' is '{Input.Layout}'; only NCHW is supported");
        if (Input.ChannelOrder is not ("RGB" or "BGR")) Fail($"'input.channelOrder' is '{Input.ChannelOrder}'; use RGB or BGR");
        if (Input.Mean.Length != 3 || Input.Std.Length != 3) Fail("'input.mean' and 'input.std' need three values each (in the tensor's channel order)");
        if (Input.Std.Any(s => s <= 0)) Fail("'input.std' values must be positive");
        if (Input.Scale <= 0) Fail("'input.scale' must be positive");
        var size = Input.Size;
        switch (size.Mode)
        {
            case "multiple":
                if (size.Multiple < 1) Fail("'input.size.multiple' must be at least 1");
                break;
            case "fixed":
                if (size.Width < 1 || size.Height < 1) Fail("'input.size' with mode 'fixed' needs 'width' and 'height'");
                break;
            default:
                Fail($"'input.size.mode' is '{size.Mode}'; use 'multiple' or 'fixed'");
                break;
        }
        if (Outputs.Count == 0) Fail("'outputs' must list at least one output");
        foreach (var o in Outputs)
        {
            if (string.IsNullOrWhiteSpace(o.Name)) Fail("every output needs a 'name'");
            if (o.Kind is not ("features" or "saliency")) Fail($"output '{o.Name}' has kind '{o.Kind}'; use 'features' or 'saliency'");
            if (o.Weight < 0) Fail($"output '{o.Name}' has a negative weight");
            if (o.Activation is not ("none" or "sigmoid")) Fail($"output '{o.Name}' has activation '{o.Activation}'; use 'none' or 'sigmoid'");
        }
        if (Outputs.Select(o => o.Kind).Distinct().Count() > 1) Fail("outputs must all be 'features' or all 'saliency'");
        if (Outputs.Sum(o => o.Weight) <= 0) Fail("output weights must not all be zero");
        if (!(Calibration.Width > 0) || !float.IsFinite(Calibration.Midpoint)) Fail("'calibration' needs a finite 'midpoint' and a positive 'width'");
    }
}

/// <summary>How to turn an image into the model's input tensor.</summary>
internal sealed record SaliencyModelInput
{
    [JsonPropertyName("name")] public string Name { get; init; } = "";

    /// <summary>Tensor layout; only NCHW (batch 1, 3 channels) is supported.</summary>
    [JsonPropertyName("layout")] public string Layout { get; init; } = "NCHW";

    /// <summary>Order of the three channels in the tensor: RGB or BGR.</summary>
    [JsonPropertyName("channelOrder")] public string ChannelOrder { get; init; } = "RGB";

    /// <summary>Samples (0..255) are multiplied by this first: 1 for 0..255 models, 1/255 for 0..1 models.</summary>
    [JsonPropertyName("scale")] public float Scale { get; init; } = 1f;

    /// <summary>Subtracted after scaling, per tensor channel (in <see cref="ChannelOrder"/>).</summary>
    [JsonPropertyName("mean")] public float[] Mean { get; init; } = [0, 0, 0];

    /// <summary>Divides after the mean, per tensor channel.</summary>
    [JsonPropertyName("std")] public float[] Std { get; init; } = [1, 1, 1];

    [JsonPropertyName("size")] public SaliencyModelInputSize Size { get; init; } = new();
}

/// <summary>
/// The input size rule: <c>multiple</c> (any size that is a multiple of <see cref="Multiple"/>, at
/// least <see cref="Min"/>; the image keeps its aspect ratio and the short side follows
/// <see cref="SaliencyOptions.Scales"/>) or <c>fixed</c> (exactly <see cref="Width"/> x
/// <see cref="Height"/>; the image is stretched to it).
/// </summary>
internal sealed record SaliencyModelInputSize
{
    [JsonPropertyName("mode")] public string Mode { get; init; } = "multiple";
    [JsonPropertyName("multiple")] public int Multiple { get; init; } = 32;
    [JsonPropertyName("min")] public int Min { get; init; } = 32;
    [JsonPropertyName("width")] public int Width { get; init; }
    [JsonPropertyName("height")] public int Height { get; init; }
}

/// <summary>
/// Feature models: a cell whose features are at cosine distance d from the image's borders is
/// subject with probability sigmoid((d - <see cref="Midpoint"/>) / <see cref="Width"/>). The defaults
/// are the default model's, measured against salient-object masks (models/README.md); another
/// feature extractor needs its own.
/// </summary>
internal sealed record SaliencyModelCalibration
{
    /// <summary>Distance at which a cell is as likely subject as background. Default 0.6.</summary>
    [JsonPropertyName("midpoint")] public float Midpoint { get; init; } = 0.6f;

    /// <summary>Distance over which the odds grow e-fold. Default 0.05.</summary>
    [JsonPropertyName("width")] public float Width { get; init; } = 0.05f;
}

/// <summary>
/// One output the map is built from. <c>features</c>: a [1,C,h,w] activation map; each cell's
/// feature vector is compared with those along the image's borders (the default model).
/// <c>saliency</c>: a [1,1,h,w] map used as is (a salient-object
/// segmenter), optionally through a sigmoid.
/// </summary>
internal sealed record SaliencyModelOutput
{
    [JsonPropertyName("name")] public string Name { get; init; } = "";
    [JsonPropertyName("kind")] public string Kind { get; init; } = "saliency";

    /// <summary>Informational: input pixels per output cell.</summary>
    [JsonPropertyName("stride")] public int? Stride { get; init; }

    /// <summary>Share of this output in the fused map (weights are normalised to sum 1).</summary>
    [JsonPropertyName("weight")] public float Weight { get; init; } = 1f;

    /// <summary><c>none</c> or <c>sigmoid</c> (for a segmenter that outputs logits).</summary>
    [JsonPropertyName("activation")] public string Activation { get; init; } = "none";

    [JsonIgnore] internal bool IsFeatures => Kind == "features";
}

/// <summary>
/// A model could not be found, loaded, or does not match its description. <see cref="SaliencyModel.Get"/>
/// reports these as <see cref="SemanticJpegException"/>; this type reaches callers only from the
/// face and person detectors' models (missing or broken detector files).
/// </summary>
public sealed class SaliencyModelException : Exception
{
    internal SaliencyModelException(string message, Exception? inner = null) : base(message, inner) { }

    /// <summary>True when nothing was found under the name or path (as opposed to found but unusable).</summary>
    public bool IsNotFound { get; internal init; }
}
