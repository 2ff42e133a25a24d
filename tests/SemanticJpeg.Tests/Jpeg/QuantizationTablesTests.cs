using SemanticJpeg.Jpeg;
using SemanticJpeg.Jpeg.Components;
using SemanticJpeg.Tests.TestSupport;
using Xunit;

namespace SemanticJpeg.Tests.Jpeg;

public class QuantizationTablesTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(50)]
    [InlineData(75)]
    [InlineData(95)]
    [InlineData(100)]
    public void Scaling_is_libjpegs(int quality)
    {
        int scale = quality < 50 ? 5000 / quality : 200 - quality * 2;
        Assert.Equal(scale, QuantizationTables.LibjpegScale(quality));
        var table = new ushort[64];
        for (int t = 0; t < 2; t++)
        {
            QuantizationTables.Scale(t, scale, table);
            for (int i = 0; i < 64; i++)
                Assert.Equal(Math.Clamp((QuantizationTables.Base(t)[i] * scale + 50) / 100, 1, 255), table[i]);
        }
    }

    [Theory]
    [InlineData(30)]
    [InlineData(75)]
    [InlineData(92)]
    public void Our_dqt_equals_imagemagicks(int quality)
    {
        var image = SampleImages.Synthetic(32, 32);
        var ours = new RegionQualityEncoder(image, BlockImportance.Uniform(32, 32), new()).EncodeUniform(quality).Data;
        var theirs = JpegTestHelpers.MagickEncode(image, quality, ChromaSubsampling.Yuv420);
        Assert.Equal(JpegTestHelpers.QuantTables(theirs), JpegTestHelpers.QuantTables(ours));
    }

    [Fact]
    public void Quality_and_scale_are_inverse()
    {
        for (double q = 1; q <= 100; q += 0.5)
            Assert.Equal(q, QuantizationTables.ScaleToQuality(QuantizationTables.QualityToScale(q)), 1e-9);
    }
}
