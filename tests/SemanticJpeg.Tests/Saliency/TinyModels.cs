using Xunit;
using System.Text.Json;
using SemanticJpeg.ModelPatcher;

namespace SemanticJpeg.Tests.Saliency;

/// <summary>
/// Tiny ONNX saliency models written by the test itself (no download): brightness as saliency.
/// ReduceMean over the channels, then an AveragePool, gives a [1,1,h/k,w/k] map.
/// </summary>
internal static class TinyModels
{
    /// <summary>A model with a fixed 64x64 RGB input and a [1,1,16,16] output.</summary>
    public static byte[] FixedBrightness(int outputChannels = 1) =>
        OnnxModelWriter.WriteModel("brightness",
            outputChannels == 1
                ? [
                    new OnnxNode("ReduceMean", ["image"], ["grey"], new OnnxAttribute("axes", Ints: [1]), new OnnxAttribute("keepdims", Int: 1)),
                    new OnnxNode("AveragePool", ["grey"], ["saliency"], new OnnxAttribute("kernel_shape", Ints: [4, 4]), new OnnxAttribute("strides", Ints: [4, 4])),
                  ]
                : [new OnnxNode("AveragePool", ["image"], ["saliency"], new OnnxAttribute("kernel_shape", Ints: [4, 4]), new OnnxAttribute("strides", Ints: [4, 4]))],
            [("image", [1, 3, 64, 64])],
            [("saliency", [1, outputChannels, 16, 16])]);

    /// <summary>A model accepting any multiple of 8 (symbolic height/width), output [1,1,h/8,w/8].</summary>
    public static byte[] AnySizeBrightness() =>
        OnnxModelWriter.WriteModel("brightness-any",
            [
                new OnnxNode("ReduceMean", ["input"], ["grey"], new OnnxAttribute("axes", Ints: [1]), new OnnxAttribute("keepdims", Int: 1)),
                new OnnxNode("AveragePool", ["grey"], ["map"], new OnnxAttribute("kernel_shape", Ints: [8, 8]), new OnnxAttribute("strides", Ints: [8, 8])),
            ],
            [("input", [1, 3, "height", "width"])],
            [("map", [1, 1, "map_height", "map_width"])]);

    public static object Sidecar(string inputName = "image", string outputName = "saliency", string sizeMode = "fixed",
        int size = 64, int multiple = 32, string layout = "NCHW", string? file = null, double scale = 1 / 255.0, double mean = 0,
        string activation = "none") => new
    {
        schema = "semanticjpeg.saliency-model/1",
        name = "brightness",
        description = "Test model: brightness is saliency.",
        file,
        license = "MIT",
        input = new
        {
            name = inputName,
            layout,
            channelOrder = "RGB",
            scale,
            mean = new[] { mean, mean, mean },
            std = new[] { 1.0, 1.0, 1.0 },
            size = sizeMode == "fixed" ? (object)new { mode = "fixed", width = size, height = size } : new { mode = "multiple", multiple, min = multiple },
        },
        outputs = new[] { new { name = outputName, kind = "saliency", weight = 1.0, activation } },
    };

    /// <summary>Writes model.onnx (+ model.json unless <paramref name="sidecar"/> is null) into <paramref name="folder"/>.</summary>
    public static string Write(string folder, byte[] model, object? sidecar, string fileName = "model.onnx")
    {
        string path = Path.Combine(folder, fileName);
        File.WriteAllBytes(path, model);
        if (sidecar is not null)
            File.WriteAllText(Path.ChangeExtension(path, ".json"), JsonSerializer.Serialize(sidecar, new JsonSerializerOptions { WriteIndented = true, DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull }));
        return path;
    }
}
