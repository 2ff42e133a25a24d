using SemanticJpeg.Reporting;
using Xunit;

namespace SemanticJpeg.Tests.Reporting;

public class ComparisonVerdictTests
{
    private static bool Passes(Verdict v, string criterion) => v.Criteria.Single(c => c.Name == criterion).Pass;

    [Fact]
    public void Meeting_every_requirement_passes()
    {
        var v = ComparisonVerdict.Evaluate(ReportFixtures.Rows(50, salientGain: 5.0, psnrDelta: 0.0, msssimDelta: 0.0));
        Assert.True(v.AllPass);
        Assert.Equal(2, v.ImageCount);
        Assert.All(v.Criteria, c => Assert.True(c.Pass, c.Name));
        Assert.Equal(5.0, v.Criteria.Single(c => c.Name == "PSNR-S gain").Delta, 9);
    }

    [Fact]
    public void Salient_gain_below_5_db_is_not_yet()
    {
        var v = ComparisonVerdict.Evaluate(ReportFixtures.Rows(50, salientGain: 4.9, psnrDelta: 0.5, msssimDelta: 0.001));
        Assert.False(Passes(v, "PSNR-S gain"));
        Assert.True(Passes(v, "Global PSNR"));
        Assert.True(Passes(v, "MS-SSIM"));
        Assert.False(v.AllPass);
    }

    [Fact]
    public void Global_psnr_or_msssim_below_the_standard_is_not_yet()
    {
        var psnr = ComparisonVerdict.Evaluate(ReportFixtures.Rows(50, 8, psnrDelta: -0.01, msssimDelta: 0));
        Assert.False(Passes(psnr, "Global PSNR"));
        Assert.True(Passes(psnr, "MS-SSIM"));

        var msssim = ComparisonVerdict.Evaluate(ReportFixtures.Rows(50, 8, psnrDelta: 0, msssimDelta: -0.0001));
        Assert.True(Passes(msssim, "Global PSNR"));
        Assert.False(Passes(msssim, "MS-SSIM"));
        Assert.False(msssim.AllPass);
    }

    [Fact]
    public void A_semantic_file_more_than_one_percent_larger_is_not_equal_size()
    {
        Assert.True(Passes(ComparisonVerdict.Evaluate(ReportFixtures.Rows(50, 8, 1, 0.001, bytesDelta: +10)), "Equal size"));   // +0.67%
        Assert.False(Passes(ComparisonVerdict.Evaluate(ReportFixtures.Rows(50, 8, 1, 0.001, bytesDelta: +30)), "Equal size")); // +2%
    }

    [Fact]
    public void Only_rows_at_the_verdict_quality_count()
    {
        var rows = ReportFixtures.Rows(50, 6, 0.1, 0.001);
        rows.AddRange(ReportFixtures.Rows(75, 1, -2, -0.01));
        Assert.True(ComparisonVerdict.Evaluate(rows, 50).AllPass);
        Assert.False(ComparisonVerdict.Evaluate(rows, 75).AllPass);
    }

    [Fact]
    public void No_rows_at_the_quality_is_not_yet()
    {
        var v = ComparisonVerdict.Evaluate(ReportFixtures.Rows(75, 9, 1, 0.01), 50);
        Assert.Equal(0, v.ImageCount);
        Assert.False(v.AllPass);
        Assert.Contains("NOT YET", ComparisonReport.VerdictLine(ReportFixtures.Rows(75, 9, 1, 0.01)));
    }

    [Fact]
    public void Verdict_line_names_each_criterion_and_its_outcome()
    {
        var line = ComparisonReport.VerdictLine(ReportFixtures.Rows(50, 5.25, -0.5, 0.001));
        Assert.Equal(
            "Q50, 2 images: PSNR-S gain +5.25 dB (semantic - standard >= +5 dB): PASS; Global PSNR -0.50 dB (semantic >= standard): NOT YET; "
            + "MS-SSIM +0.0010 (semantic >= standard): PASS; Equal size -10 bytes (semantic bytes <= standard bytes + 1%): PASS. Overall: NOT YET.",
            line);
    }
}
