using System.Text.RegularExpressions;
using ImageMagick;
using SemanticJpeg.Reporting;
using SemanticJpeg.Tests.TestSupport;
using Xunit;

namespace SemanticJpeg.Tests.Reporting;

public class ComparisonReportTests
{
    private static readonly ReportContext Context = new()
    {
        Title = "Test report <&>",
        GeneratedAt = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero),
        DataSet = "crafted rows",
    };

    private static ImageCrops Crops(string image, int quality)
    {
        var photo = SampleImages.Synthetic(64, 48, seed: 3);
        var rect = new CropRect(8, 8, 32, 24);
        return ImageCrops.Create(image, quality, photo, photo, photo, rect);
    }

    [Fact]
    public void Html_is_written_and_self_contained()
    {
        var path = Path.Combine(TestPaths.NewTempDirectory(), "report.html");
        ComparisonReport.WriteHtml(path, ReportFixtures.ThreeQualities(), [Crops("a.png", 50)], Context);
        var html = File.ReadAllText(path);
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("<title>Test report &lt;&amp;&gt;</title>", html);
        // Nothing to fetch: no scripts, stylesheets or images by URL.
        Assert.DoesNotMatch(new Regex("(src|href)=\"(https?:|//)", RegexOptions.IgnoreCase), html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<link", html);
        Assert.Equal(3, Regex.Matches(html, "data:image/png;base64,").Count);
    }

    [Fact]
    public void Html_contains_the_means_the_verdict_and_the_paper_numbers()
    {
        var html = ComparisonReport.ToHtml(ReportFixtures.Rows(50, 5.5, 0.1, 0.0002), [], Context);
        foreach (var value in new[] { "32.00", "37.50", "+5.50", "34.10", "+0.10", "0.9850", "0.9852", "1,500", "1,490", "1.200" })
            Assert.Contains($">{value}<", html);
        Assert.Contains("<span class=\"badge\">PASS</span>", html);
        Assert.Contains("different data set", html);
        foreach (var value in new[] { "33.91", "39.16", "34.70", "34.82", "34.92", "35.05", "42.19", "42.33", "0.969", "0.991" })
            Assert.Contains($">{value}<", html);
    }

    [Fact]
    public void Failing_rows_show_not_yet_per_criterion()
    {
        var html = ComparisonReport.ToHtml(ReportFixtures.Rows(50, 2.0, -0.3, 0.001), [], Context);
        Assert.Contains("<span class=\"badge\">NOT YET</span>", html);
        Assert.Equal(2, Regex.Matches(html, "<td class=\"notyet\">NOT YET</td>").Count);
        Assert.Equal(2, Regex.Matches(html, "<td class=\"pass\">PASS</td>").Count);
    }

    [Fact]
    public void Charts_are_inline_svg_with_axis_titles_units_and_both_legends()
    {
        var html = ComparisonReport.ToHtml(ReportFixtures.ThreeQualities(), [], Context);
        var svgs = Regex.Matches(html, "<svg.*?</svg>", RegexOptions.Singleline).Select(m => m.Value).ToList();
        Assert.Equal(3, svgs.Count);
        Assert.Contains(">PSNR-S (salient region) (dB)<", svgs[0]);
        Assert.Contains(">PSNR (global, RGB) (dB)<", svgs[1]);
        Assert.Contains(">MS-SSIM (luma) (unitless)<", svgs[2]);
        foreach (var svg in svgs)
        {
            Assert.Contains(">Bit rate (bits per pixel)<", svg);
            Assert.Contains(">Standard JPEG<", svg);
            Assert.Contains(">SemanticJpeg<", svg);
            Assert.Contains("<polyline", svg);
        }
    }

    [Fact]
    public void Chart_lines_go_through_the_per_quality_means()
    {
        var means = ComparisonSummary.ByQuality(ReportFixtures.ThreeQualities());
        var model = RateDistortionChart.Build(means, ChartMetric.PsnrSalient);
        var standard = (OxyPlot.Series.LineSeries)model.Series[0];
        var semantic = (OxyPlot.Series.LineSeries)model.Series[1];
        Assert.Equal(RateDistortionChart.StandardSeriesTitle, standard.Title);
        Assert.Equal(RateDistortionChart.SemanticSeriesTitle, semantic.Title);
        Assert.Equal([1.2, 2.4, 3.6], standard.Points.Select(p => Math.Round(p.X, 6)));
        Assert.Equal([32.0, 34.0, 36.0], standard.Points.Select(p => Math.Round(p.Y, 6)));
        Assert.Equal([37.5, 40.5, 43.5], semantic.Points.Select(p => Math.Round(p.Y, 6)));
    }

    [Fact]
    public void Crops_are_shown_with_labels_and_per_image_numbers()
    {
        var rows = ReportFixtures.Rows(50, 5.5, 0.1, 0.0002);
        var html = System.Net.WebUtility.HtmlDecode(ComparisonReport.ToHtml(rows, [Crops("a.png", 50)], Context));
        Assert.Contains("<b>Original</b>", html);
        Assert.Contains("<b>Standard JPEG Q50</b>", html);
        Assert.Contains("<b>SemanticJpeg, same size</b>", html);
        Assert.Contains("1,000 bytes · PSNR-S 30.00 dB · PSNR 32.00 dB · MS-SSIM 0.9800", html);
        Assert.Contains("990 bytes · PSNR-S 35.50 dB · PSNR 32.10 dB · MS-SSIM 0.9802", html);
        Assert.Contains("32x24 at (8, 8)", html);
        Assert.Contains("<figure style=\"width: 64px\"><img", html); // 2x zoom of a 32-pixel crop
    }

    [Fact]
    public void Crop_pngs_have_the_crop_size_and_pixels()
    {
        var photo = SampleImages.Synthetic(64, 48, seed: 3);
        var png = ImageCrops.CropPng(photo, new CropRect(10, 5, 20, 12));
        using var decoded = new MagickImage(png);
        Assert.Equal((20u, 12u), (decoded.Width, decoded.Height));
        var pixels = SemanticJpeg.Imaging.MagickPixelConverter.ToPixelImage(decoded);
        Assert.Equal(photo.Row(5).Slice(30, 60).ToArray(), pixels.Row(0).ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageCrops.CropPng(photo, new CropRect(50, 0, 20, 10)));
    }

    [Fact]
    public void Per_image_table_lists_every_row()
    {
        var html = ComparisonReport.ToHtml(ReportFixtures.ThreeQualities(), [], Context);
        var perImage = html[html.IndexOf("<h2>Per image</h2>", StringComparison.Ordinal)..];
        Assert.Equal(6, Regex.Matches(perImage, "<tr><td>[ab]\\.png</td>").Count);
    }
}
