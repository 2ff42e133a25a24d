using SemanticJpeg.Jpeg;
using SemanticJpeg.Tests.TestSupport;
using Xunit;

namespace SemanticJpeg.Tests.Jpeg.Progressive;

public class BrowserRenderTests
{
    [Fact]
    public void Chromium_renders_the_progressive_file_exactly_as_djpeg_decodes_it()
    {
        // Odd size, 4:2:0, a photo: partial MCUs at the right and bottom edges, several scans with refinements.
        var photo = SampleImages.Load("chelsea.png");
        var image = new SemanticJpeg.Imaging.PixelImage(157, 103, 3);
        for (int y = 0; y < image.Height; y++)
            photo.Pixels.AsSpan((y + 40) * photo.Width * 3 + 90 * 3, image.Width * 3).CopyTo(image.Pixels.AsSpan(y * image.Width * 3));
        using var f = new ProgressiveFixture(image, 80, new JpegWriterOptions { Progressive = true });
        var progressive = f.WriteSearched();
        Assert.Equal(0xC2, ProgressiveFixture.FrameMarker(progressive));
        Assert.True(ProgressiveFixture.ScanCount(progressive) >= 5);

        var rendered = Chromium.Render(progressive, image.Width, image.Height);
        var decoded = Djpeg.Decode(progressive);
        Assert.Equal((image.Width, image.Height), (rendered.Width, rendered.Height));
        Assert.Equal(decoded.Pixels, rendered.Pixels);
        Assert.Equal(Djpeg.Decode(f.Baseline).Pixels, rendered.Pixels);
    }
}
