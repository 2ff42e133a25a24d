using System.Text;

namespace SemanticJpeg.Reporting;

/// <summary>
/// The comparison report of standard JPEG against SemanticJpeg at equal file size, in the form of
/// Prakash et al. 2017: means table, verdict against our bar, rate-distortion charts, close-ups
/// of the most salient region and a per-image table.
/// </summary>
public static class ComparisonReport
{
    /// <summary>
    /// Writes the report as one self-contained HTML file (inline CSS, inline SVG charts, crops as
    /// base64 PNG): it opens offline and can be mailed as it is.
    /// </summary>
    /// <param name="path">File to write (UTF-8, overwritten).</param>
    /// <param name="rows">One row per image and quality.</param>
    /// <param name="crops">Close-ups to show, usually one per image at the verdict quality; may be empty.</param>
    /// <param name="ctx">Title, encoder descriptions and the verdict quality.</param>
    public static void WriteHtml(string path, IReadOnlyList<ComparisonRow> rows, IReadOnlyList<ImageCrops> crops, ReportContext ctx)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        File.WriteAllText(path, ToHtml(rows, crops, ctx), new UTF8Encoding(false));
    }

    /// <summary>The HTML of <see cref="WriteHtml"/> as a string.</summary>
    public static string ToHtml(IReadOnlyList<ComparisonRow> rows, IReadOnlyList<ImageCrops> crops, ReportContext ctx)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(crops);
        ArgumentNullException.ThrowIfNull(ctx);
        return new HtmlReportWriter(rows, crops, ctx).Build();
    }

    /// <summary>
    /// The means table (per quality: standard, semantic, delta rows) as GitHub markdown, so a
    /// README can show the literal output of the example script.
    /// </summary>
    /// <param name="rows">One row per image and quality.</param>
    /// <param name="includePaperReference">Append the paper's Kodak rows (a different data set).</param>
    public static string ToMarkdown(IReadOnlyList<ComparisonRow> rows, bool includePaperReference = false)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return MarkdownTable.Build(rows, includePaperReference);
    }

    /// <summary>The verdict against our bar at <paramref name="quality"/> (see <see cref="ComparisonVerdict"/>).</summary>
    public static Verdict Evaluate(IReadOnlyList<ComparisonRow> rows, int quality = 50)
        => ComparisonVerdict.Evaluate(rows, quality);

    /// <summary>The verdict as one line of text, e.g. for the cmdlet's verbose output.</summary>
    public static string VerdictLine(IReadOnlyList<ComparisonRow> rows, int quality = 50)
        => HtmlReportWriter.VerdictLine(ComparisonVerdict.Evaluate(rows, quality));
}
