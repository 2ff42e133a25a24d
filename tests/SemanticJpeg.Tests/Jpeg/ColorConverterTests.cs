using SemanticJpeg.Imaging;
using SemanticJpeg.Jpeg.Components;
using SemanticJpeg.Tests.TestSupport;
using Xunit;

namespace SemanticJpeg.Tests.Jpeg;

public class ColorConverterTests
{
    [Fact]
    public void Rgb_planes_match_the_jfif_formula_and_replicate_edges()
    {
        var image = SampleImages.Synthetic(13, 11, 3, seed: 3, noise: 60);
        var planes = ColorConverter.RgbToPlanes(image, 16, 16);
        for (int y = 0; y < 16; y++)
        for (int x = 0; x < 16; x++)
        {
            int sx = Math.Min(x, 12), sy = Math.Min(y, 10);
            int i = (sy * 13 + sx) * 3;
            var (yy, cb, cr) = ColorConverter.Reference(image.Pixels[i], image.Pixels[i + 1], image.Pixels[i + 2]);
            Assert.Equal(yy - 128, planes[0].Data[y * 16 + x], 1e-3);
            Assert.Equal(cb - 128, planes[1].Data[y * 16 + x], 1e-3);
            Assert.Equal(cr - 128, planes[2].Data[y * 16 + x], 1e-3);
        }
    }

    [Fact]
    public void Reference_maps_primaries_as_jfif_says()
    {
        var (y, cb, cr) = ColorConverter.Reference(255, 255, 255);
        Assert.Equal(255, y, 1e-3);
        Assert.Equal(128, cb, 1e-3);
        Assert.Equal(128, cr, 1e-3);
        (y, cb, cr) = ColorConverter.Reference(0, 0, 255);
        Assert.Equal(29.07, y, 1e-2);
        Assert.Equal(255.5, cb, 1e-2); // full range: pure blue overshoots by half a step; the DCT takes floats
        Assert.Equal(107.27, cr, 1e-2);
    }

    [Fact]
    public void Grey_plane_is_level_shifted_and_padded()
    {
        var image = new PixelImage(3, 2, 1, [0, 100, 255, 7, 8, 9]);
        var p = ColorConverter.GreyToPlane(image, 8, 8);
        Assert.Equal(-128f, p.Data[0]);
        Assert.Equal(127f, p.Data[2]);
        Assert.Equal(127f, p.Data[7]);       // column replicated
        Assert.Equal(9 - 128f, p.Data[7 * 8 + 7]); // row and column replicated
    }
}
