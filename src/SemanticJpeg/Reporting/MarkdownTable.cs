using System.Text;

namespace SemanticJpeg.Reporting;

/// <summary>The BD-rate table and the equal-size means table as GitHub-flavoured markdown.</summary>
internal static class MarkdownTable
{
    public const string Header =
        "| Quality | Encoder | Images | Bytes | bpp | PSNR-S (dB) | PSNR (dB) | PSNR-HVS (dB) | PSNR-HVS-M (dB) | SSIM | MS-SSIM |";

    public const string Separator =
        "|---:|:---|---:|---:|---:|---:|---:|---:|---:|---:|---:|";

    public const string BdHeader = "| Quality measure | BD-rate (PCHIP) | BD-rate (VCEG-M33 cubic) | BD-quality | Images |";

    public const string BdSeparator = "|:---|---:|---:|---:|---:|";

    public static string Build(IReadOnlyList<ComparisonRow> rows, bool includePaperReference)
    {
        var sb = new StringBuilder();
        var means = BdRateSummary.Mean(BdRateSummary.PerImage(rows));
        sb.AppendLine(BdRateSummary.Headline(means)).AppendLine();
        sb.AppendLine(BdHeader).AppendLine(BdSeparator);
        foreach (var bd in means)
        {
            string quality = bd.Metric == ChartMetric.MsSsim ? "0.0000" : "0.00";
            string unit = bd.Metric == ChartMetric.MsSsim ? "" : " dB";
            sb.Append("| ").Append(BdRateSummary.Name(bd.Metric))
              .Append(" | ").Append(Percent(bd.BdRate))
              .Append(" | ").Append(Percent(bd.BdRateCubic))
              .Append(" | ").Append(ReportFormat.Delta(bd.BdQuality, quality)).Append(double.IsNaN(bd.BdQuality) ? "" : unit)
              .Append(" | ").Append(bd.Images)
              .AppendLine(" |");
        }
        bool own = rows.Any(r => !r.UserMap);
        sb.AppendLine().AppendLine(own
            ? "PSNR-S region: SemanticJpeg's own saliency map (self-referential; pass -SaliencyMap for your own masks)."
            : "PSNR-S region: the user's own maps (-SaliencyMap).").AppendLine();
        sb.AppendLine(Header).AppendLine(Separator);
        foreach (var q in ComparisonSummary.ByQuality(rows))
        {
            Row(sb, $"Q{q.Quality}", "Standard JPEG", q.ImageCount.ToString(), q.Standard);
            Row(sb, $"Q{q.Quality}", "SemanticJpeg", q.ImageCount.ToString(), q.Semantic);
            DeltaRow(sb, $"Q{q.Quality}", q.Standard, q.Semantic);
        }
        if (includePaperReference)
        {
            sb.AppendLine().AppendLine("For reference, the paper's numbers (" + PaperReference.Source
                + "): a different data set, other encoder and saliency model, and a self-referential PSNR-S.").AppendLine();
            sb.AppendLine(Header).AppendLine(Separator);
            Row(sb, "Q50", "Paper: standard JPEG (Kodak)", "24", PaperReference.StandardJpegQ50, paperPrecision: true);
            Row(sb, "Q50", "Paper: Prakash et al. (Kodak)", "24", PaperReference.SemanticJpegQ50, paperPrecision: true);
        }
        return sb.ToString();
    }

    private static string Percent(double v) => double.IsNaN(v) ? "n/a" : ReportFormat.Delta(v, "0.0") + "%";

    private static void Row(StringBuilder sb, string quality, string encoder, string images, MetricMeans m, bool paperPrecision = false)
    {
        sb.Append("| ").Append(quality).Append(" | ").Append(encoder).Append(" | ").Append(images)
          .Append(" | ").Append(ReportFormat.Bytes(m.Bytes))
          .Append(" | ").Append(ReportFormat.Bpp(m.Bpp))
          .Append(" | ").Append(ReportFormat.Db(m.PsnrSalient))
          .Append(" | ").Append(ReportFormat.Db(m.PsnrRgb))
          .Append(" | ").Append(ReportFormat.Db(m.PsnrHvs))
          .Append(" | ").Append(ReportFormat.Db(m.PsnrHvsM))
          .Append(" | ").Append(ReportFormat.Index3(m.Ssim))
          .Append(" | ").Append(paperPrecision ? ReportFormat.Index3(m.MsSsim) : ReportFormat.Index(m.MsSsim))
          .AppendLine(" |");
    }

    private static void DeltaRow(StringBuilder sb, string quality, MetricMeans s, MetricMeans t)
    {
        sb.Append("| ").Append(quality).Append(" | *Δ semantic − standard* | ")
          .Append(" | ").Append(ReportFormat.Delta(t.Bytes - s.Bytes, "#,0"))
          .Append(" | ").Append(ReportFormat.Delta(t.Bpp - s.Bpp, "0.000"))
          .Append(" | ").Append(ReportFormat.Delta(t.PsnrSalient - s.PsnrSalient, "0.00"))
          .Append(" | ").Append(ReportFormat.Delta(t.PsnrRgb - s.PsnrRgb, "0.00"))
          .Append(" | ").Append(ReportFormat.Delta(t.PsnrHvs - s.PsnrHvs, "0.00"))
          .Append(" | ").Append(ReportFormat.Delta(t.PsnrHvsM - s.PsnrHvsM, "0.00"))
          .Append(" | ").Append(ReportFormat.Delta(t.Ssim - s.Ssim, "0.000"))
          .Append(" | ").Append(ReportFormat.Delta(t.MsSsim - s.MsSsim, "0.0000"))
          .AppendLine(" |");
    }
}
