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
        File.WriteAllText(path, ComparisonReport.ToHtml(ReportFixtures.ThreeQualities(), [Crops("a.png", 50)], Context));
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
    public void Html_contains_the_means_and_the_paper_numbers_labelled_as_another_data_set()
    {
        var html = ComparisonReport.ToHtml(ReportFixtures.Rows(50, 5.5, 0.1, 0.0002), [], Context);
        foreach (var value in new[] { "32.00", "37.50", "+5.50", "34.10", "+0.10", "0.9850", "0.9852", "1,500", "1,490", "1.200" })
            Assert.Contains($">{value}<", html);
        Assert.Contains("a different data set", html);
        Assert.Contains("self-referential PSNR-S", html);
        foreach (var value in new[] { "33.91", "39.16", "34.70", "34.82", "34.92", "35.05", "42.19", "42.33", "0.969", "0.991" })
            Assert.Contains($">{value}<", html);
        // The pass/fail verdict against an internal bar is gone: the numbers speak.
        Assert.DoesNotContain("NOT YET", html);
        Assert.DoesNotContain("PASS", html);
    }

    [Fact]
    public void Headline_is_the_bd_rate_in_the_subject_with_the_global_figures_beside_it()
    {
        var html = System.Net.WebUtility.HtmlDecode(ComparisonReport.ToHtml(ReportFixtures.Ladder(0.9), [], Context));
        Assert.Contains("At the same quality in the subject (PSNR-S), SemanticJpeg files are 10.0% smaller; at the same global PSNR 10.0% smaller, at the same MS-SSIM 10.0% smaller.", html);
        var headline = html[html.IndexOf("<section class=\"headline\">", StringComparison.Ordinal)..html.IndexOf("</section>", StringComparison.Ordinal)];
        Assert.Equal(6, Regex.Matches(headline, ">-10.0%<").Count);   // PCHIP and cubic columns, one row per metric
        Assert.Contains("<td class=\"num\">2</td>", headline);      // both images count
        Assert.Contains(">-10.0%<", html[html.IndexOf("<h2>BD-rate per image</h2>", StringComparison.Ordinal)..]);
    }

    [Fact]
    public void Psnr_s_is_marked_self_referential_unless_every_image_had_the_users_map()
    {
        var own = System.Net.WebUtility.HtmlDecode(ComparisonReport.ToHtml(ReportFixtures.Ladder(0.9), [], Context));
        Assert.Contains("<p class=\"region warn\">Self-referential: for every image", own);

        var users = System.Net.WebUtility.HtmlDecode(ComparisonReport.ToHtml(ReportFixtures.Ladder(0.9, userMap: true), [], Context));
        Assert.DoesNotContain("Self-referential:", users);
        Assert.Contains("your own map (-SaliencyMap), for every image", users);

        var mixed = ReportFixtures.Ladder(0.9, userMap: true);
        mixed.AddRange(ReportFixtures.Ladder(0.9).Select(r => r with { Image = "c.png" }));
        Assert.Contains("for 1 of 3 images", System.Net.WebUtility.HtmlDecode(ComparisonReport.ToHtml(mixed, [], Context)));
    }

    [Fact]
    public void Charts_axes_contain_every_point_even_with_one_quality()
    {
        foreach (var rows in new[] { ReportFixtures.ThreeQualities(), ReportFixtures.Rows(50, 5.5, 0.1, 0.0002), ReportFixtures.Ladder(0.8) })
        {
            var means = ComparisonSummary.ByQuality(rows);
            foreach (var metric in BdRateSummary.Metrics)
            {
                var model = RateDistortionChart.Build(means, metric);
                var x = model.Axes.Single(a => a.Position == OxyPlot.Axes.AxisPosition.Bottom);
                var y = model.Axes.Single(a => a.Position == OxyPlot.Axes.AxisPosition.Left);
                var points = model.Series.Cast<OxyPlot.Series.LineSeries>().SelectMany(s => s.Points).ToList();
                Assert.Equal(2 * means.Count, points.Count);
                Assert.All(points, p =>
                {
                    Assert.InRange(p.X, x.Minimum, x.Maximum);
                    Assert.InRange(p.Y, y.Minimum, y.Maximum);
                    // Not on the frame either: a marker there is cut in half.
                    Assert.True(p.X > x.Minimum && p.X < x.Maximum && p.Y > y.Minimum && p.Y < y.Maximum, $"{metric}: {p} on the frame");
                });
            }
        }
    }

    [Fact]
    public void Charts_scale_to_the_page_width()
    {
        var svg = RateDistortionChart.ToSvg(ComparisonSummary.ByQuality(ReportFixtures.Ladder(0.8)), ChartMetric.PsnrSalient, -20);
        Assert.StartsWith("<svg viewBox=\"0 0 460 360\"", svg.TrimStart());
        Assert.Contains(">BD-rate -20.0% (PCHIP)<", svg);
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
        Assert.Contains("<h4>Subject <span", html);
        Assert.Contains("1,000 bytes · PSNR-S 30.00 dB · PSNR 32.00 dB · MS-SSIM 0.9800", html);
        Assert.Contains("990 bytes · PSNR-S 35.50 dB · PSNR 32.10 dB · MS-SSIM 0.9802", html);
        Assert.Contains("32x24 at (8, 8)", html);
        Assert.Contains("<figure style=\"width: 64px\"><img", html); // 2x zoom of a 32-pixel crop
    }

    [Fact]
    public void Background_close_ups_show_the_background_psnr()
    {
        var rows = ReportFixtures.Rows(50, 5.5, 0.1, 0.0002);
        var background = Crops("a.png", 50) with { Kind = CropKind.Background };
        var html = System.Net.WebUtility.HtmlDecode(ComparisonReport.ToHtml(rows, [Crops("a.png", 50), background], Context));
        Assert.Contains("<h3>a.png · at the size of standard JPEG Q50 (1,000 bytes)</h3>", html);
        Assert.True(html.IndexOf("<h4>Subject", StringComparison.Ordinal) < html.IndexOf("<h4>Background", StringComparison.Ordinal));
        Assert.Contains("1,000 bytes · PSNR-BG 27.00 dB · PSNR 32.00 dB", html);
        Assert.Equal(6, Regex.Matches(html, "data:image/png;base64,").Count);
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
