using ImageMagick;
using SemanticJpeg.Reporting;
using SemanticJpeg.Tests.TestSupport;
using Xunit;

namespace SemanticJpeg.Tests.Reporting;

/// <summary>The report as a browser shows it: headless Chromium, a phone-sized window.</summary>
public class ReportRenderingTests
{
    [Fact]
    public void The_report_renders_in_chromium_on_a_phone_sized_page()
    {
        var dir = TestPaths.NewTempDirectory();
        var html = Path.Combine(dir, "report.html");
        var photo = SampleImages.Synthetic(96, 64, seed: 5);
        var crops = new[]
        {
            ImageCrops.Create("a.png", 50, photo, photo, photo, new CropRect(0, 0, 48, 48)),
            ImageCrops.Create("a.png", 50, photo, photo, photo, new CropRect(48, 16, 48, 48), CropKind.Background),
        };
        File.WriteAllText(html, ComparisonReport.ToHtml(ReportFixtures.Ladder(0.9), crops, new ReportContext { DataSet = "crafted rows" }));

        const int width = 390, height = 2400;
        var png = Path.Combine(dir, "report.png");
        Chromium.Screenshot(html, png, width, height);

        using var shot = new MagickImage(png);
        Assert.Equal(((uint)width, (uint)height), (shot.Width, shot.Height));
        using var pixels = shot.GetPixelsUnsafe();
        var rgb = pixels.ToByteArray(PixelMapping.RGB)!;
        int count = rgb.Length / 3, ink = 0, orange = 0, firstInkRow = -1;
        for (int i = 0; i < count; i++)
        {
            int r = rgb[3 * i], g = rgb[3 * i + 1], b = rgb[3 * i + 2];
            if (r + g + b < 600)
            {
                ink++;
                if (firstInkRow < 0) firstInkRow = i / width;
            }
            // SemanticJpeg's curve colour (#d95f02): the SVG charts were drawn, not just the text.
            if (Math.Abs(r - 0xD9) < 24 && Math.Abs(g - 0x5F) < 24 && b < 40) orange++;
        }
        Assert.True(ink > count / 50, $"only {ink} of {count} pixels are not near white: blank page?");
        Assert.True(orange > 200, $"{orange} pixels of the SemanticJpeg curve colour: charts missing?");
        Assert.InRange(firstInkRow, 0, 60);  // the title is at the top, not pushed off by a broken layout
    }
}
