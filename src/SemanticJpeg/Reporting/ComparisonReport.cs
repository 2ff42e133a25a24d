namespace SemanticJpeg.Reporting;

/// <summary>
/// The comparison report of standard JPEG against SemanticJpeg in the field's terms: BD-rate at
/// equal quality in the subject and globally, rate-distortion curves, close-ups of subject and
/// background at the same size, the equal-size means of Prakash et al. 2017 and per-image tables.
/// </summary>
internal static class ComparisonReport
{
    /// <summary>
    /// The report as one self-contained HTML document (inline CSS, inline SVG charts, crops as
    /// base64 PNG): it opens offline and can be mailed as it is.
    /// </summary>
    /// <param name="rows">One row per image and quality.</param>
    /// <param name="crops">Close-ups to show, usually subject and background of each image at one quality; may be empty.</param>
    /// <param name="ctx">Title and encoder descriptions.</param>
    public static string ToHtml(IReadOnlyList<ComparisonRow> rows, IReadOnlyList<ImageCrops> crops, ReportContext ctx)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(crops);
        ArgumentNullException.ThrowIfNull(ctx);
        return new HtmlReportWriter(rows, crops, ctx).Build();
    }

    /// <summary>
    /// The BD-rate table (means over the images, headline sentence first) and the equal-size means
    /// table (per quality: standard, semantic, delta rows) as GitHub markdown, so a README can show
    /// the literal output of the example script.
    /// </summary>
    /// <param name="rows">One row per image and quality.</param>
    /// <param name="includePaperReference">Append the paper's Kodak rows (a different data set).</param>
    public static string ToMarkdown(IReadOnlyList<ComparisonRow> rows, bool includePaperReference = false)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return MarkdownTable.Build(rows, includePaperReference);
    }
}
