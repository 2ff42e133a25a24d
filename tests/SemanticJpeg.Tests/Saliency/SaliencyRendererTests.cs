using Xunit;
using SemanticJpeg.Saliency;
using SemanticJpeg.Tests.TestSupport;

namespace SemanticJpeg.Tests.Saliency;

public sealed class SaliencyRendererTests
{
    private static SaliencyMap Ramp(int width, int height)
    {
        var v = new float[width * height];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++) v[y * width + x] = x / (float)(width - 1);
        return new SaliencyMap(width, height, v);
    }

    [Fact]
    public void GreyRendersZeroBlackOneWhite()
    {
        var grey = SaliencyRenderer.RenderGrey(Ramp(11, 3));
        Assert.True(grey.IsGrey);
        Assert.Equal(0, grey.Pixels[0]);
        Assert.Equal(255, grey.Pixels[10]);
        Assert.Equal(128, grey.Pixels[5]);
    }

    [Fact]
    public void OverlayIsBrighterWhereTheMapIsHigh()
    {
        var photo = SampleImages.Synthetic(64, 32, 1);
        var overlay = SaliencyRenderer.RenderOverlay(photo, Ramp(64, 32));
        Assert.Equal(3, overlay.Channels);
        Assert.Equal(64, overlay.Width);
        double Brightness(int x0, int x1)
        {
            double sum = 0;
            for (int y = 0; y < 32; y++) for (int x = x0; x < x1; x++) for (int c = 0; c < 3; c++) sum += overlay.Pixels[3 * (y * 64 + x) + c];
            return sum;
        }
        Assert.True(Brightness(48, 64) > 1.5 * Brightness(0, 16));
    }

    [Fact]
    public void ColourRampIsDarkToBright()
    {
        var (r0, g0, b0) = SaliencyRenderer.Color(0);
        var (r1, g1, b1) = SaliencyRenderer.Color(1);
        Assert.True(r0 + g0 + b0 < 20);
        Assert.True(r1 + g1 + b1 > 600);
    }

    [Fact]
    public void OverlayNeedsAMatchingMap()
    {
        Assert.Throws<ArgumentException>(() => SaliencyRenderer.RenderOverlay(SampleImages.Synthetic(10, 10), Ramp(11, 10)));
    }

    [Fact]
    public void SalientFractionCountsPixelsAtOrAboveTheThreshold()
    {
        var map = Ramp(11, 1);
        Assert.Equal(6f / 11, map.SalientFraction(), 4);
        Assert.Equal(1f, map.SalientFraction(0f));
    }
}
