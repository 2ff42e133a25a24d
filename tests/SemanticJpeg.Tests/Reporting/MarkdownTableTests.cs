using SemanticJpeg.Reporting;
using Xunit;

namespace SemanticJpeg.Tests.Reporting;

public class MarkdownTableTests
{
    [Fact]
    public void Means_table_is_github_markdown_with_standard_semantic_and_delta_rows()
    {
        var md = ComparisonReport.ToMarkdown(ReportFixtures.Rows(50, 5.5, 0.1, 0.0002));
        var all = md.TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        var lines = all[Array.IndexOf(all, MarkdownTable.Header)..];
        Assert.Equal(5, lines.Length);
        Assert.Equal("| Quality | Encoder | Images | Bytes | bpp | PSNR-S (dB) | PSNR (dB) | PSNR-HVS (dB) | PSNR-HVS-M (dB) | SSIM | MS-SSIM |", lines[0]);
        Assert.Equal("|---:|:---|---:|---:|---:|---:|---:|---:|---:|---:|---:|", lines[1]);
        // Means of (30, 34), (32, 36), (0.98, 0.99); bytes 1000 and 2000 on 100x100: bpp 0.8 and 1.6.
        Assert.Equal("| Q50 | Standard JPEG | 2 | 1,500 | 1.200 | 32.00 | 34.00 | 35.00 | 42.00 | 0.950 | 0.9850 |", lines[2]);
        Assert.Equal("| Q50 | SemanticJpeg | 2 | 1,490 | 1.192 | 37.50 | 34.10 | 35.00 | 42.00 | 0.950 | 0.9852 |", lines[3]);
        Assert.Equal("| Q50 | *Δ semantic − standard* |  | -10 | -0.008 | +5.50 | +0.10 | +0.00 | +0.00 | +0.000 | +0.0002 |", lines[4]);
        // Every row has the same number of cells as the header.
        Assert.All(lines, l => Assert.Equal(12, l.Count(c => c == '|')));
    }

    [Fact]
    public void Qualities_are_in_increasing_order_and_paper_rows_are_optional()
    {
        var rows = ReportFixtures.Rows(75, 1, 0, 0);
        rows.AddRange(ReportFixtures.Rows(30, 1, 0, 0));
        var md = ComparisonReport.ToMarkdown(rows);
        Assert.True(md.IndexOf("| Q30 |", StringComparison.Ordinal) < md.IndexOf("| Q75 |", StringComparison.Ordinal));
        Assert.DoesNotContain("Kodak", md);

        var withPaper = ComparisonReport.ToMarkdown(rows, includePaperReference: true);
        Assert.Contains("a different data set", withPaper);
        Assert.Contains("self-referential PSNR-S", withPaper);
        Assert.Contains("| Q50 | Paper: standard JPEG (Kodak) | 24 | n/a | n/a | 33.91 | 34.70 | 34.92 | 42.19 | 0.969 | 0.991 |", withPaper);
        Assert.Contains("| Q50 | Paper: Prakash et al. (Kodak) | 24 | n/a | n/a | 39.16 | 34.82 | 35.05 | 42.33 | 0.969 | 0.991 |", withPaper);
    }

    [Fact]
    public void Infinite_and_missing_values_are_written_as_inf_and_na()
    {
        var rows = ReportFixtures.Rows(50, 1, 0, 0);
        rows[0] = rows[0] with { Standard = rows[0].Standard with { PsnrRgb = double.PositiveInfinity } };
        rows = rows.Select(r => r with
        {
            Standard = r.Standard with { PsnrSalient = null },
            Semantic = r.Semantic with { PsnrSalient = null },
        }).ToList();
        var md = ComparisonReport.ToMarkdown(rows).Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        var line = md[Array.IndexOf(md, MarkdownTable.Header) + 2];
        Assert.Equal("| Q50 | Standard JPEG | 2 | 1,490 | 1.192 | n/a | Inf | 35.00 | 42.00 | 0.950 | 0.9850 |".Replace("1,490 | 1.192", "1,500 | 1.200"), line.TrimEnd('\r'));
    }

    [Fact]
    public void Bd_rate_table_comes_first_with_the_headline_and_the_region_note()
    {
        var lines = ComparisonReport.ToMarkdown(ReportFixtures.Ladder(0.75)).Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal("At the same quality in the subject (PSNR-S), SemanticJpeg files are 25.0% smaller; at the same global PSNR 25.0% smaller, at the same MS-SSIM 25.0% smaller.", lines[0]);
        Assert.Equal(MarkdownTable.BdHeader, lines[2]);
        Assert.Equal(MarkdownTable.BdSeparator, lines[3]);
        // PSNR-S rises 2.5 dB per doubling of the bytes in the fixture: 25% fewer bytes is ln(4/3)/ln 2 x 2.5 dB more.
        Assert.Equal("| PSNR-S | -25.0% | -25.0% | +1.04 dB | 2 |", lines[4]);
        Assert.Matches(@"^\| PSNR \| -25\.0% \| -25\.0% \| \+0\.\d\d dB \| 2 \|$", lines[5]);
        Assert.Matches(@"^\| MS-SSIM \| -25\.0% \| -25\.0% \| \+0\.00\d\d \| 2 \|$", lines[6]);
        Assert.Contains("self-referential", lines[8]);
        Assert.Contains("the user's own maps", ComparisonReport.ToMarkdown(ReportFixtures.Ladder(0.75, userMap: true)));
    }
}
