using System.Text;

namespace SemanticJpeg.Reporting;

/// <summary>The means table as GitHub-flavoured markdown.</summary>
internal static class MarkdownTable
{
    public const string Header =
        "| Quality | Encoder | Images | Bytes | bpp | PSNR-S (dB) | PSNR (dB) | PSNR-HVS (dB) | PSNR-HVS-M (dB) | SSIM | MS-SSIM |";

    public const string Separator =
        "|---:|:---|---:|---:|---:|---:|---:|---:|---:|---:|---:|";

    public static string Build(IReadOnlyList<ComparisonRow> rows, bool includePaperReference)
    {
        var sb = new StringBuilder();
        sb.AppendLine(Header).AppendLine(Separator);
        foreach (var q in ComparisonSummary.ByQuality(rows))
        {
            Row(sb, $"Q{q.Quality}", "Standard JPEG", q.ImageCount.ToString(), q.Standard);
            Row(sb, $"Q{q.Quality}", "SemanticJpeg", q.ImageCount.ToString(), q.Semantic);
            DeltaRow(sb, $"Q{q.Quality}", q.Standard, q.Semantic);
        }
        if (includePaperReference)
        {
            Row(sb, "Q50", "Paper: standard JPEG (Kodak)", "24", PaperReference.StandardJpegQ50, paperPrecision: true);
            Row(sb, "Q50", "Paper: Prakash et al. (Kodak)", "24", PaperReference.SemanticJpegQ50, paperPrecision: true);
        }
        return sb.ToString();
    }

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
