using SemanticJpeg.Pipeline;
using SemanticJpeg.Saliency;
using Xunit;

namespace SemanticJpeg.Tests.Pipeline;

public class ImportanceWeightingTests
{
    [Fact]
    public void Priorities_are_the_maps_8x8_block_means_including_partial_edge_blocks()
    {
        // 12x9: blocks of 8x8, 4x8, 8x1 and 4x1 pixels; left 8 columns 1, the rest 0.25.
        var values = new float[12 * 9];
        for (int y = 0; y < 9; y++)
            for (int x = 0; x < 12; x++)
                values[y * 12 + x] = x < 8 ? 1f : 0.25f;
        var p = ImportanceWeighting.Priorities(new SaliencyMap(12, 9, values));
        Assert.Equal((2, 2), (p.BlocksWide, p.BlocksHigh));
        Assert.Equal(1f, p[0, 0], 5);
        Assert.Equal(0.25f, p[1, 0], 5);
        Assert.Equal(1f, p[0, 1], 5);
        Assert.Equal(0.25f, p[1, 1], 5);
    }

    [Fact]
    public void Writer_options_carry_subsampling_and_exif_and_interpolate_log_linearly()
    {
        var exif = new byte[] { 1, 2, 3 };
        var o = ImportanceWeighting.WriterOptions(SemanticJpeg.Jpeg.ChromaSubsampling.Yuv444, exif);
        Assert.Equal(SemanticJpeg.Jpeg.ChromaSubsampling.Yuv444, o.Subsampling);
        Assert.Same(exif, o.Exif);
        Assert.Equal(1.0, o.ImportanceExponent);
    }
}
