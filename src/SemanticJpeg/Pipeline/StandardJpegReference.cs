using SemanticJpeg.Imaging;
using SemanticJpeg.Jpeg;

namespace SemanticJpeg.Pipeline;

/// <summary>
/// The standard JPEG we are measured against: Magick.NET (libjpeg-turbo inside) at a given quality
/// with the same chroma subsampling and optimised Huffman tables, metadata stripped. Its size is the
/// byte budget of -Quality mode, and Compare-SemanticJpeg decodes it for the side-by-side.
/// </summary>
internal static class StandardJpegReference
{
    /// <summary>The reference file for <paramref name="pixels"/> at libjpeg quality <paramref name="quality"/>.</summary>
    public static byte[] Encode(PixelImage pixels, int quality, ChromaSubsampling subsampling) =>
        ImageCodec.EncodeJpeg(pixels, quality, SamplingFactor(subsampling));

    /// <summary>libjpeg's luma sampling factors for each chroma subsampling.</summary>
    public static string SamplingFactor(ChromaSubsampling subsampling) => subsampling switch
    {
        ChromaSubsampling.Yuv420 => "2x2",
        ChromaSubsampling.Yuv422 => "2x1",
        _ => "1x1",
    };
}
