using SemanticJpeg.Jpeg;

namespace SemanticJpeg.PowerShell.Infrastructure;

/// <summary>-ChromaSubsampling is typed the way photographers say it: 420, 422, 444.</summary>
internal static class SubsamplingArgument
{
    public static ChromaSubsampling Parse(string value) => value switch
    {
        "444" => ChromaSubsampling.Yuv444,
        "422" => ChromaSubsampling.Yuv422,
        _ => ChromaSubsampling.Yuv420,
    };
}
