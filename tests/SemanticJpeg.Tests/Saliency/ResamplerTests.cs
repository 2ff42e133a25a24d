using Xunit;
using SemanticJpeg.Imaging;
using SemanticJpeg.Saliency;
using SemanticJpeg.Tests.TestSupport;

namespace SemanticJpeg.Tests.Saliency;

public sealed class ResamplerTests
{
    [Theory]
    [InlineData(1, 1, 32, 32)]
    [InlineData(100, 60, 32, 32)]
    [InlineData(3000, 2000, 224, 160)]
    [InlineData(7, 5, 64, 32)]
    public void ConstantImageStaysConstant(int sw, int sh, int dw, int dh)
    {
        var img = SaliencyTestImages.Flat(sw, sh, 200, 100, 50);
        var planes = Resampler.ToPlanarRgb(img, dw, dh);
        int plane = dw * dh;
        Assert.All(planes.AsSpan(0, plane).ToArray(), v => Assert.Equal(200f, v, 3));
        Assert.All(planes.AsSpan(plane, plane).ToArray(), v => Assert.Equal(100f, v, 3));
        Assert.All(planes.AsSpan(2 * plane, plane).ToArray(), v => Assert.Equal(50f, v, 3));
    }

    [Fact]
    public void GreyIsReplicatedAndShrinkingKeepsTheMean()
    {
        var img = SampleImages.Synthetic(640, 480, 1, noise: 40);
        double mean = img.Pixels.Average(b => (double)b);
        var planes = Resampler.ToPlanarRgb(img, 64, 48);
        int plane = 64 * 48;
        Assert.Equal(mean, planes.AsSpan(0, plane).ToArray().Average(), 1.0);
        Assert.Equal(planes.AsSpan(0, plane).ToArray(), planes.AsSpan(2 * plane, plane).ToArray());
    }

    [Fact]
    public void ShrinkingAveragesAwayFineNoise()
    {
        // A one-pixel checkerboard must become flat grey, not alias into stripes.
        var img = new PixelImage(400, 400, 1);
        for (int y = 0; y < 400; y++) for (int x = 0; x < 400; x++) img.Pixels[y * 400 + x] = (byte)(((x + y) & 1) * 255);
        var planes = Resampler.ToPlanarRgb(img, 37, 37);
        Assert.All(planes, v => Assert.InRange(v, 110f, 145f));
    }

    [Fact]
    public void TensorFollowsChannelOrderAndNormalisation()
    {
        // One pixel, R=200 G=100 B=50, through the default model's BGR mean subtraction and an
        // RGB 0..1 ImageNet-style description.
        float[] rgb = [200, 100, 50];
        var bgr = SaliencyModel.ToTensor(rgb, 1, new SaliencyModelInput { ChannelOrder = "BGR", Mean = [103.06f, 115.90f, 123.15f], Std = [1, 1, 1] });
        Assert.Equal([50 - 103.06f, 100 - 115.90f, 200 - 123.15f], bgr);
        var scaled = SaliencyModel.ToTensor(rgb, 1, new SaliencyModelInput { Scale = 1 / 255f, Mean = [0.5f, 0.5f, 0.5f], Std = [0.25f, 0.5f, 1f] });
        Assert.Equal((200 / 255f - 0.5f) / 0.25f, scaled[0], 4);
        Assert.Equal((100 / 255f - 0.5f) / 0.5f, scaled[1], 4);
        Assert.Equal(50 / 255f - 0.5f, scaled[2], 4);
    }

    [Fact]
    public void UpsamplingIsBilinearBetweenCellCentres()
    {
        var up = Resampler.ResizePlanes([0f, 1f], 1, 2, 1, 4, 1);
        Assert.Equal([0f, 0.25f, 0.75f, 1f], up);
    }
}
