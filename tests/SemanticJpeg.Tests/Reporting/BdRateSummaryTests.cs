using SemanticJpeg.Reporting;
using Xunit;

namespace SemanticJpeg.Tests.Reporting;

public class BdRateSummaryTests
{
    [Fact]
    public void One_row_per_image_and_metric_then_the_means()
    {
        var perImage = BdRateSummary.PerImage(ReportFixtures.Ladder(0.9));
        Assert.Equal(["a.png", "a.png", "a.png", "b.png", "b.png", "b.png"], perImage.Select(r => r.Image));
        Assert.Equal(BdRateSummary.Metrics.Concat(BdRateSummary.Metrics), perImage.Select(r => r.Metric));
        Assert.All(perImage, r =>
        {
            Assert.Equal(-10.0, r.BdRate, 9);
            Assert.Equal(-10.0, r.BdRateCubic, 9);
            // Fewer bytes for the same quality is more quality for the same bytes.
            Assert.True(r.BdQuality > 0, $"{r.Metric}: {r.BdQuality}");
            Assert.Equal((4, 4, 1), (r.StandardPoints, r.SemanticPoints, r.Images));
        });
        // The compared range is where both curves exist: here the whole ladder.
        Assert.Equal((30.0, 37.5), (perImage[0].QualityLow, perImage[0].QualityHigh));

        var means = BdRateSummary.Mean(perImage);
        Assert.Equal(BdRateSummary.Metrics, means.Select(r => r.Metric));
        Assert.All(means, r => Assert.Null(r.Image));
        Assert.All(means, r => Assert.Equal((-10.0, 2), (Math.Round(r.BdRate, 9), r.Images)));
    }

    [Fact]
    public void The_mean_is_over_images_with_a_bd_rate()
    {
        var rows = ReportFixtures.Ladder(0.8);
        // Image b's SemanticJpeg curve lies 20 dB above the standard's: no common quality range.
        rows = rows.Select(r => r.Image == "b.png" ? r with { Ladder = r.Standard with { PsnrSalient = r.Standard.PsnrSalient + 20 } } : r).ToList();
        var perImage = BdRateSummary.PerImage(rows);
        Assert.True(double.IsNaN(perImage.Single(r => r.Image == "b.png" && r.Metric == ChartMetric.PsnrSalient).BdRate));
        var mean = BdRateSummary.Mean(perImage).Single(r => r.Metric == ChartMetric.PsnrSalient);
        Assert.Equal((-20.0, 1), (Math.Round(mean.BdRate, 9), mean.Images));
    }

    [Fact]
    public void A_subject_under_two_percent_of_the_picture_has_no_subject_bd_rate()
    {
        var perImage = BdRateSummary.PerImage(ReportFixtures.Ladder(0.9, userMap: true, regionMean: 0.01));
        Assert.All(perImage.Where(r => r.Metric == ChartMetric.PsnrSalient), r => Assert.True(double.IsNaN(r.BdRate)));
        Assert.All(perImage.Where(r => r.Metric != ChartMetric.PsnrSalient), r => Assert.Equal(-10.0, r.BdRate, 9));
        Assert.Equal(0, BdRateSummary.Mean(perImage).Single(r => r.Metric == ChartMetric.PsnrSalient).Images);
        Assert.All(perImage, r => Assert.True(r.UserMap));
    }

    [Theory]
    [InlineData(-12.34, "12.3% smaller")]
    [InlineData(4.0, "4.0% larger")]
    [InlineData(0.01, "the same size")]
    [InlineData(double.NaN, "not comparable (the curves share no quality range)")]
    public void Changes_are_said_in_words(double bdRate, string expected)
        => Assert.Equal(expected, BdRateSummary.Change(bdRate));
}
