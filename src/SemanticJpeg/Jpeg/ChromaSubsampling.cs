namespace SemanticJpeg.Jpeg;

/// <summary>How the two chroma planes are sampled relative to luma.</summary>
public enum ChromaSubsampling
{
    /// <summary>Chroma halved in both directions (luma sampling factors 2x2): the usual photo setting.</summary>
    Yuv420,

    /// <summary>Chroma halved horizontally only (luma sampling factors 2x1).</summary>
    Yuv422,

    /// <summary>No chroma subsampling (all sampling factors 1x1).</summary>
    Yuv444,
}
