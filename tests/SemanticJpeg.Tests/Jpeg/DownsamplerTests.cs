using SemanticJpeg.Jpeg.Components;
using Xunit;

namespace SemanticJpeg.Tests.Jpeg;

public class DownsamplerTests
{
    private static Plane Random(int w, int h, int seed)
    {
        var rng = new Random(seed);
        var p = new Plane(w, h);
        for (int i = 0; i < p.Data.Length; i++) p.Data[i] = rng.Next(-128, 128);
        return p;
    }

    [Theory]
    [InlineData(2, 2)]
    [InlineData(2, 1)]
    [InlineData(1, 1)]
    public void Averages_each_box(int fh, int fv)
    {
        var src = Random(32, 16, fh * 10 + fv);
        var dst = Downsampler.Downsample(src, fh, fv);
        Assert.Equal((32 / fh, 16 / fv), (dst.Width, dst.Height));
        for (int y = 0; y < dst.Height; y++)
        for (int x = 0; x < dst.Width; x++)
        {
            double sum = 0;
            for (int j = 0; j < fv; j++)
            for (int i = 0; i < fh; i++)
                sum += src.Data[(y * fv + j) * 32 + x * fh + i];
            Assert.Equal(sum / (fh * fv), dst.Data[y * dst.Width + x], 1e-4);
        }
    }
}
