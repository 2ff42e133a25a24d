using SemanticJpeg.Jpeg;
using SemanticJpeg.Saliency;

namespace SemanticJpeg.Pipeline;

/// <summary>
/// The one place where saliency becomes what the writer weighs: per 8x8 luma block, the map's mean
/// (the block's priority p_b in [0, 1]). The RD writer weighs a block's squared error a_b + k p_b
/// (k the strength, chosen per image by default; see README-encoder.md); the fixed-quality writer
/// interpolates its quantiser scale between the two qualities by p_b. The writer itself knows nothing
/// of saliency.
/// </summary>
internal static class ImportanceWeighting
{
    /// <summary>The block means of the map: the writer's per-block priorities.</summary>
    public static BlockImportance Priorities(SaliencyMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var means = map.BlockMeans(8, out int blocksWide, out int blocksHigh);
        return new BlockImportance(blocksWide, blocksHigh, means);
    }

    /// <summary>
    /// Writer options for the pipeline: the subsampling and metadata asked for, and a log-linear
    /// interpolation of the fixed-quality mode's scale in p_b (importance exponent 1).
    /// </summary>
    public static JpegWriterOptions WriterOptions(ChromaSubsampling subsampling, byte[]? exif = null) => new()
    {
        Subsampling = subsampling,
        Exif = exif,
        ImportanceExponent = 1.0,
    };
}
