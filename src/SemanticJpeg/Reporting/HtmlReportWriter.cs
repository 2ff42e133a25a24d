using System.Net;
using System.Text;

namespace SemanticJpeg.Reporting;

/// <summary>Builds the self-contained HTML report: inline CSS, inline SVG charts, base64 PNG crops.</summary>
internal sealed class HtmlReportWriter
{
    private readonly StringBuilder _html = new();
    private readonly IReadOnlyList<ComparisonRow> _rows;
    private readonly IReadOnlyList<ImageCrops> _crops;
    private readonly ReportContext _ctx;
    private readonly IReadOnlyList<QualityMeans> _means;

    public HtmlReportWriter(IReadOnlyList<ComparisonRow> rows, IReadOnlyList<ImageCrops> crops, ReportContext ctx)
    {
        _rows = rows;
        _crops = crops;
        _ctx = ctx;
        _means = ComparisonSummary.ByQuality(rows);
    }

    public string Build()
    {
        _html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
             .Append(E(_ctx.Title)).Append("</title>\n<style>\n").Append(Css).Append("</style>\n</head>\n<body>\n");
        Header();
        VerdictSection();
        MeansSection();
        PaperSection();
        ChartsSection();
        CropsSection();
        PerImageSection();
        Definitions();
        _html.Append("</body>\n</html>\n");
        return _html.ToString();
    }

    private void Header()
    {
        _html.Append("<header>\n<h1>").Append(E(_ctx.Title)).Append("</h1>\n<p class=\"meta\">Generated ")
             .Append(E(_ctx.GeneratedAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture)))
             .Append(" · ").Append(_rows.Select(r => r.Image).Distinct().Count()).Append(" images · qualities ")
             .Append(E(string.Join(", ", _means.Select(m => m.Quality)))).Append("</p>\n<dl class=\"meta\">");
        Meta("Data set", _ctx.DataSet);
        Meta("Standard JPEG", _ctx.StandardEncoder);
        Meta("SemanticJpeg", _ctx.SemanticEncoder);
        Meta("Notes", _ctx.Notes);
        _html.Append("</dl>\n</header>\n");
    }

    private void Meta(string name, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return;
        _html.Append("<dt>").Append(E(name)).Append("</dt><dd>").Append(E(value)).Append("</dd>");
    }

    private void VerdictSection()
    {
        var verdict = ComparisonVerdict.Evaluate(_rows, _ctx.VerdictQuality);
        string overall = Verdict.Word(verdict.AllPass);
        _html.Append("<section class=\"verdict ").Append(verdict.AllPass ? "pass" : "notyet").Append("\">\n<h2>Verdict at equal size vs standard JPEG Q")
             .Append(verdict.Quality).Append(": <span class=\"badge\">").Append(overall).Append("</span></h2>\n");
        _html.Append("<p class=\"verdict-line\">").Append(E(VerdictLine(verdict))).Append("</p>\n<table class=\"criteria\">\n<thead><tr><th>Criterion</th><th>Requirement</th><th>Standard</th><th>SemanticJpeg</th><th>Δ</th><th>Result</th></tr></thead>\n<tbody>\n");
        foreach (var c in verdict.Criteria)
        {
            string fmt = c.Unit == "dB" ? "0.00" : c.Unit == "bytes" ? "#,0" : "0.0000";
            _html.Append("<tr><td>").Append(E(c.Name)).Append("</td><td>").Append(E(c.Requirement)).Append("</td><td class=\"num\">")
                 .Append(ReportFormat.Number(c.Standard, fmt)).Append("</td><td class=\"num\">").Append(ReportFormat.Number(c.Semantic, fmt))
                 .Append("</td><td class=\"num\">").Append(ReportFormat.Delta(c.Delta, fmt)).Append(' ').Append(E(c.Unit))
                 .Append("</td><td class=\"").Append(c.Pass ? "pass" : "notyet").Append("\">").Append(Verdict.Word(c.Pass)).Append("</td></tr>\n");
        }
        _html.Append("</tbody></table>\n<p class=\"note\">Bar: PSNR-S at least +").Append(ComparisonVerdict.RequiredSalientGainDb.ToString("0", System.Globalization.CultureInfo.InvariantCulture))
             .Append(" dB; global PSNR and MS-SSIM not below the standard JPEG's (strictly, on the means); files of equal size (semantic at most ")
             .Append((ComparisonVerdict.SizeTolerance * 100).ToString("0", System.Globalization.CultureInfo.InvariantCulture)).Append("% larger on average). Means over ")
             .Append(verdict.ImageCount).Append(" images.</p>\n</section>\n");
    }

    /// <summary>The one-line verdict, also used by the cmdlets' console output.</summary>
    public static string VerdictLine(Verdict verdict)
    {
        if (verdict.ImageCount == 0)
            return $"No image at Q{verdict.Quality}: NOT YET (nothing to judge).";
        var parts = verdict.Criteria.Select(c =>
        {
            string fmt = c.Unit == "dB" ? "0.00" : c.Unit == "bytes" ? "#,0" : "0.0000";
            string unit = c.Unit.Length > 0 ? " " + c.Unit : "";
            return $"{c.Name} {ReportFormat.Delta(c.Delta, fmt)}{unit} ({c.Requirement}): {Verdict.Word(c.Pass)}";
        });
        return $"Q{verdict.Quality}, {verdict.ImageCount} images: " + string.Join("; ", parts) + $". Overall: {Verdict.Word(verdict.AllPass)}.";
    }

    private void MeansSection()
    {
        _html.Append("<section>\n<h2>Means per quality</h2>\n<table class=\"means\">\n");
        MeansHeader();
        _html.Append("<tbody>\n");
        foreach (var q in _means)
        {
            MeansRow($"Q{q.Quality}", "Standard JPEG", q.ImageCount, q.Standard, "std");
            MeansRow($"Q{q.Quality}", "SemanticJpeg", q.ImageCount, q.Semantic, "sem");
            DeltaRow($"Q{q.Quality}", q.Standard, q.Semantic);
        }
        _html.Append("</tbody></table>\n<p class=\"note\">Arithmetic means of the per-image values. The semantic JPEG of each row is matched to the size of the standard JPEG at that quality. PSNR-S and PSNR over R, G, B; PSNR-HVS, PSNR-HVS-M, SSIM and MS-SSIM on luma. Green Δ: semantic better.</p>\n</section>\n");
    }

    private void MeansHeader()
        => _html.Append("<thead><tr><th>Quality</th><th>Encoder</th><th>Images</th><th>Bytes</th><th>bpp</th><th>PSNR-S (dB)</th><th>PSNR (dB)</th><th>PSNR-HVS (dB)</th><th>PSNR-HVS-M (dB)</th><th>SSIM</th><th>MS-SSIM</th></tr></thead>\n");

    private void MeansRow(string quality, string encoder, int images, MetricMeans m, string cls, bool paperPrecision = false)
    {
        _html.Append("<tr class=\"").Append(cls).Append("\"><td>").Append(E(quality)).Append("</td><td>").Append(E(encoder)).Append("</td><td class=\"num\">")
             .Append(images > 0 ? images.ToString() : "").Append("</td>");
        Num(ReportFormat.Bytes(m.Bytes));
        Num(ReportFormat.Bpp(m.Bpp));
        Num(ReportFormat.Db(m.PsnrSalient));
        Num(ReportFormat.Db(m.PsnrRgb));
        Num(ReportFormat.Db(m.PsnrHvs));
        Num(ReportFormat.Db(m.PsnrHvsM));
        Num(ReportFormat.Index3(m.Ssim));
        Num(paperPrecision ? ReportFormat.Index3(m.MsSsim) : ReportFormat.Index(m.MsSsim));
        _html.Append("</tr>\n");
    }

    private void DeltaRow(string quality, MetricMeans s, MetricMeans t)
    {
        _html.Append("<tr class=\"delta\"><td>").Append(E(quality)).Append("</td><td>Δ semantic − standard</td><td></td>");
        DeltaCell(t.Bytes - s.Bytes, "#,0", lowerIsBetter: true);
        DeltaCell(t.Bpp - s.Bpp, "0.000", lowerIsBetter: true);
        DeltaCell(t.PsnrSalient - s.PsnrSalient, "0.00");
        DeltaCell(t.PsnrRgb - s.PsnrRgb, "0.00");
        DeltaCell(t.PsnrHvs - s.PsnrHvs, "0.00");
        DeltaCell(t.PsnrHvsM - s.PsnrHvsM, "0.00");
        DeltaCell(t.Ssim - s.Ssim, "0.000");
        DeltaCell(t.MsSsim - s.MsSsim, "0.0000");
        _html.Append("</tr>\n");
    }

    private void DeltaCell(double delta, string format, bool lowerIsBetter = false)
    {
        string cls = double.IsNaN(delta) || delta == 0 ? "num" : (delta > 0) ^ lowerIsBetter ? "num better" : "num worse";
        _html.Append("<td class=\"").Append(cls).Append("\">").Append(E(ReportFormat.Delta(delta, format))).Append("</td>");
    }

    private void Num(string text) => _html.Append("<td class=\"num\">").Append(E(text)).Append("</td>");

    private void PaperSection()
    {
        _html.Append("<section>\n<h2>For reference: the paper's numbers (different data set)</h2>\n<p class=\"note\">")
             .Append(E(PaperReference.Source)).Append(". Not comparable with the table above: other images, other encoder, other saliency model. Bytes and bpp are not given there.</p>\n<table class=\"means paper\">\n");
        MeansHeader();
        _html.Append("<tbody>\n");
        MeansRow("Q50", "Paper: standard JPEG", 24, PaperReference.StandardJpegQ50, "std", paperPrecision: true);
        MeansRow("Q50", "Paper: Prakash et al.", 24, PaperReference.SemanticJpegQ50, "sem", paperPrecision: true);
        DeltaRow("Q50", PaperReference.StandardJpegQ50, PaperReference.SemanticJpegQ50);
        _html.Append("</tbody></table>\n</section>\n");
    }

    private void ChartsSection()
    {
        _html.Append("<section>\n<h2>Rate-distortion</h2>\n<p class=\"note\">Each point is the mean over the images at one quality setting of the standard JPEG; the semantic JPEG is matched to its size.</p>\n<div class=\"charts\">\n");
        foreach (var metric in new[] { ChartMetric.PsnrSalient, ChartMetric.Psnr, ChartMetric.MsSsim })
            _html.Append("<figure class=\"chart\">").Append(RateDistortionChart.ToSvg(_means, metric)).Append("</figure>\n");
        _html.Append("</div>\n</section>\n");
    }

    private void CropsSection()
    {
        if (_crops.Count == 0) return;
        _html.Append("<section>\n<h2>Close-ups of the most salient region</h2>\n<p class=\"note\">Crops up to 200 pixels wide are shown at 2x with square pixels, so that artefacts are visible.</p>\n");
        foreach (var crop in _crops)
        {
            var row = _rows.FirstOrDefault(r => r.Image == crop.Image && r.Quality == crop.Quality);
            _html.Append("<article class=\"crop\">\n<h3>").Append(E(crop.Image)).Append(" · Q").Append(crop.Quality);
            if (crop.Region is { } region) _html.Append(" <span class=\"region\">").Append(E(region.ToString())).Append("</span>");
            _html.Append("</h3>\n<div class=\"triptych\">\n");
            Figure(crop.OriginalPng, "Original", null);
            Figure(crop.StandardPng, $"Standard JPEG Q{crop.Quality}", row is null ? null : $"{row.StandardBytes:#,0} bytes · PSNR-S {ReportFormat.Number(row.Standard.PsnrSalient, "0.00")} dB · PSNR {ReportFormat.Db(row.Standard.PsnrRgb)} dB · MS-SSIM {ReportFormat.Index(row.Standard.MsSsim)}");
            Figure(crop.SemanticPng, "SemanticJpeg, same size", row is null ? null : $"{row.SemanticBytes:#,0} bytes · PSNR-S {ReportFormat.Number(row.Semantic.PsnrSalient, "0.00")} dB · PSNR {ReportFormat.Db(row.Semantic.PsnrRgb)} dB · MS-SSIM {ReportFormat.Index(row.Semantic.MsSsim)}");
            _html.Append("</div>\n</article>\n");
        }
        _html.Append("</section>\n");
    }

    private void Figure(byte[] png, string label, string? numbers)
    {
        // Integer zoom keeps every source pixel the same size on screen: 2x while three crops
        // still fit side by side, else 1x.
        int width = PngWidth(png);
        int zoom = width > 0 && width <= 200 ? 2 : 1;
        _html.Append("<figure");
        if (width > 0) _html.Append(" style=\"width: ").Append(width * zoom).Append("px\"");
        _html.Append("><img alt=\"").Append(E(label)).Append("\" src=\"data:image/png;base64,").Append(Convert.ToBase64String(png))
             .Append("\"><figcaption><b>").Append(E(label)).Append("</b>");
        if (numbers is not null) _html.Append("<br>").Append(E(numbers));
        _html.Append("</figcaption></figure>\n");
    }

    /// <summary>Width from the PNG IHDR chunk (bytes 16..19, big-endian); 0 if not a PNG.</summary>
    internal static int PngWidth(byte[] png)
        => png.Length >= 24 && png[0] == 0x89 && png[1] == (byte)'P' && png[12] == (byte)'I' && png[13] == (byte)'H'
            ? (png[16] << 24) | (png[17] << 16) | (png[18] << 8) | png[19]
            : 0;

    private void PerImageSection()
    {
        _html.Append("<section>\n<h2>Per image</h2>\n<table class=\"per-image\">\n<thead><tr><th rowspan=\"2\">Image</th><th rowspan=\"2\">Q</th><th rowspan=\"2\">Size</th>")
             .Append("<th colspan=\"2\">Bytes</th><th colspan=\"3\">PSNR-S (dB)</th><th colspan=\"3\">PSNR (dB)</th><th colspan=\"2\">PSNR-Y (dB)</th><th colspan=\"2\">PSNR-HVS-M (dB)</th><th colspan=\"2\">SSIM</th><th colspan=\"2\">MS-SSIM</th></tr>\n")
             .Append("<tr><th>std</th><th>sem</th><th>std</th><th>sem</th><th>Δ</th><th>std</th><th>sem</th><th>Δ</th><th>std</th><th>sem</th><th>std</th><th>sem</th><th>std</th><th>sem</th><th>std</th><th>sem</th></tr></thead>\n<tbody>\n");
        foreach (var r in _rows.OrderBy(r => r.Image, StringComparer.Ordinal).ThenBy(r => r.Quality))
        {
            _html.Append("<tr><td>").Append(E(r.Image)).Append("</td><td class=\"num\">").Append(r.Quality).Append("</td><td class=\"num\">")
                 .Append(r.Width).Append('×').Append(r.Height).Append("</td>");
            Num(ReportFormat.Bytes(r.StandardBytes));
            Num(ReportFormat.Bytes(r.SemanticBytes));
            double ss = r.Standard.PsnrSalient ?? double.NaN, ts = r.Semantic.PsnrSalient ?? double.NaN;
            Num(ReportFormat.Db(ss));
            Num(ReportFormat.Db(ts));
            DeltaCell(ts - ss, "0.00");
            Num(ReportFormat.Db(r.Standard.PsnrRgb));
            Num(ReportFormat.Db(r.Semantic.PsnrRgb));
            DeltaCell(r.Semantic.PsnrRgb - r.Standard.PsnrRgb, "0.00");
            Num(ReportFormat.Db(r.Standard.PsnrY));
            Num(ReportFormat.Db(r.Semantic.PsnrY));
            Num(ReportFormat.Db(r.Standard.PsnrHvsM));
            Num(ReportFormat.Db(r.Semantic.PsnrHvsM));
            Num(ReportFormat.Index3(r.Standard.Ssim));
            Num(ReportFormat.Index3(r.Semantic.Ssim));
            Num(ReportFormat.Index(r.Standard.MsSsim));
            Num(ReportFormat.Index(r.Semantic.MsSsim));
            _html.Append("</tr>\n");
        }
        _html.Append("</tbody></table>\n</section>\n");
    }

    private void Definitions()
    {
        _html.Append("<footer>\n<h2>How the numbers are computed</h2>\n<ul>\n")
             .Append("<li><b>PSNR</b>: 10·log10(255² / MSE) over all R, G, B samples. <b>PSNR-Y</b>: the same on luma Y = 0.299R + 0.587G + 0.114B (JFIF). Identical images give Inf.</li>\n")
             .Append("<li><b>PSNR-S</b>: PSNR with the MSE weighted per pixel by the saliency map (weights in [0, 1]), as in Prakash et al. 2017.</li>\n")
             .Append("<li><b>SSIM</b>: Wang et al. 2004 on luma, 11×11 Gaussian window σ = 1.5, K1 = 0.01, K2 = 0.03, mean over the valid region, no downsampling.</li>\n")
             .Append("<li><b>MS-SSIM</b>: Wang, Simoncelli, Bovik 2003 on luma, 5 scales, exponents 0.0448, 0.2856, 0.3001, 0.2363, 0.1333, 2×2 averaging between scales.</li>\n")
             .Append("<li><b>PSNR-HVS / PSNR-HVS-M</b>: Egiazarian et al. 2006 / Ponomarenko et al. 2007 on luma, 8×8 DCT blocks on a non-overlapping grid, CSF weights, and for -M the between-coefficient contrast masking.</li>\n")
             .Append("<li><b>bpp</b>: 8 × file bytes / (width × height).</li>\n</ul>\n</footer>\n");
    }

    private static string E(string? s) => WebUtility.HtmlEncode(s ?? "");

    private const string Css = """
        :root { --std: #556b8d; --sem: #d95f02; --ok: #1a7f37; --bad: #b42318; --line: #d0d7de; }
        body { font: 15px/1.45 -apple-system, "Segoe UI", Roboto, "DejaVu Sans", Arial, sans-serif; color: #1f2328; margin: 24px auto; max-width: 1320px; padding: 0 16px; }
        h1 { font-size: 26px; margin: 0 0 4px; } h2 { font-size: 19px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; } h3 { font-size: 16px; margin: 16px 0 6px; }
        .meta { color: #57606a; margin: 2px 0; } dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; } dl.meta dt { font-weight: 600; } dl.meta dd { margin: 0; }
        table { border-collapse: collapse; margin: 6px 0; font-size: 14px; } th, td { border: 1px solid var(--line); padding: 4px 8px; } th { background: #f6f8fa; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        tr.std td:nth-child(2) { color: var(--std); font-weight: 600; } tr.sem td:nth-child(2) { color: var(--sem); font-weight: 600; }
        tr.delta td { background: #fafbfc; font-style: italic; } tr.delta + tr td { border-top: 2px solid #8c959f; }
        .better { color: var(--ok); font-weight: 600; } .worse { color: var(--bad); font-weight: 600; }
        .verdict { border: 2px solid var(--bad); border-radius: 8px; padding: 4px 16px 8px; margin-top: 16px; } .verdict.pass { border-color: var(--ok); }
        .verdict h2 { border: 0; } .badge { padding: 2px 10px; border-radius: 12px; color: #fff; background: var(--bad); } .verdict.pass .badge { background: var(--ok); }
        .verdict-line { font-weight: 600; } td.pass { color: var(--ok); font-weight: 700; } td.notyet { color: var(--bad); font-weight: 700; }
        .note { color: #57606a; font-size: 13px; max-width: 1000px; }
        .charts { display: flex; flex-wrap: wrap; gap: 12px; } figure.chart { margin: 0; border: 1px solid var(--line); border-radius: 6px; padding: 4px; background: #fff; }
        .triptych { display: flex; flex-wrap: wrap; gap: 12px; } .triptych figure { margin: 0; max-width: 100%; }
        .triptych img { image-rendering: pixelated; width: 100%; height: auto; border: 1px solid var(--line); display: block; }
        figcaption { font-size: 13px; color: #30363d; margin-top: 4px; } .region { color: #57606a; font-weight: normal; font-size: 13px; }
        footer { margin-top: 32px; color: #30363d; font-size: 13px; }

        """;
}
