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
    private readonly IReadOnlyList<BdRateRow> _bdPerImage;
    private readonly IReadOnlyList<BdRateRow> _bdMeans;

    public HtmlReportWriter(IReadOnlyList<ComparisonRow> rows, IReadOnlyList<ImageCrops> crops, ReportContext ctx)
    {
        _rows = rows;
        _crops = crops;
        _ctx = ctx;
        _means = ComparisonSummary.ByQuality(rows);
        _bdPerImage = BdRateSummary.PerImage(rows);
        _bdMeans = BdRateSummary.Mean(_bdPerImage);
    }

    public string Build()
    {
        _html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
             .Append(E(_ctx.Title)).Append("</title>\n<style>\n").Append(Css).Append("</style>\n</head>\n<body>\n");
        Header();
        HeadlineSection();
        ChartsSection();
        CropsSection();
        MeansSection();
        BdPerImageSection();
        PerImageSection();
        PaperSection();
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

    /// <summary>The headline: BD-rate at equal quality in the subject, the global figures beside it, and where the subject came from.</summary>
    private void HeadlineSection()
    {
        _html.Append("<section class=\"headline\">\n<h2>Bytes at equal quality (BD-rate)</h2>\n<p class=\"lead\">")
             .Append(E(BdRateSummary.Headline(_bdMeans))).Append("</p>\n");
        _html.Append("<table class=\"bd\">\n<thead><tr><th>Quality measure</th><th>BD-rate (PCHIP)</th><th>BD-rate (VCEG-M33 cubic)</th><th>BD-quality</th><th>Images</th></tr></thead>\n<tbody>\n");
        foreach (var row in _bdMeans)
        {
            _html.Append("<tr><td>").Append(E(Label(row.Metric))).Append("</td>");
            BdCells(row);
            Num(row.Images.ToString(System.Globalization.CultureInfo.InvariantCulture));
            _html.Append("</tr>\n");
        }
        _html.Append("</tbody></table>\n<p class=\"note\">BD-rate: the mean change in file size at equal quality over the quality range both curves cover, per image, then averaged over the images (negative: SemanticJpeg is smaller). ")
             .Append("Curves: the standard JPEG at each quality of the ladder and SemanticJpeg's own file at each quality. BD-quality: the mean quality change at equal size (dB, or MS-SSIM units).</p>\n");
        _html.Append("<p class=\"region ").Append(SelfReferential ? "warn" : "ok").Append("\">").Append(E(RegionNote())).Append("</p>\n</section>\n");
    }

    private bool SelfReferential => _rows.Any(r => !r.UserMap);

    /// <summary>Says whose map PSNR-S was measured in: the user's own (honest) or ours (self-referential).</summary>
    private string RegionNote()
    {
        int images = _rows.Select(r => r.Image).Distinct().Count();
        int own = _rows.Where(r => !r.UserMap).Select(r => r.Image).Distinct().Count();
        if (own == 0)
            return "The subject (PSNR-S region) is your own map (-SaliencyMap), for every image.";
        string who = own == images ? "every image" : $"{own} of {images} images";
        return $"Self-referential: for {who} the subject (PSNR-S region) is SemanticJpeg's own saliency map, the one it spent its bytes by, so PSNR-S flatters it. "
            + "Give -SaliencyMap masks of what your viewers look at for an honest measure.";
    }

    /// <summary>The BD-rate (PCHIP), BD-rate (cubic) and BD-quality cells of a row.</summary>
    private void BdCells(BdRateRow row)
    {
        string unit = row.Metric == ChartMetric.MsSsim ? "" : " dB";
        string quality = row.Metric == ChartMetric.MsSsim ? "0.0000" : "0.00";
        DeltaCell(row.BdRate, "0.0", lowerIsBetter: true, suffix: "%");
        DeltaCell(row.BdRateCubic, "0.0", lowerIsBetter: true, suffix: "%");
        DeltaCell(row.BdQuality, quality, suffix: unit);
    }

    private static string Label(ChartMetric metric) => metric switch
    {
        ChartMetric.PsnrSalient => "PSNR-S (subject)",
        ChartMetric.Psnr => "PSNR (whole picture)",
        _ => "MS-SSIM (whole picture)",
    };

    private void BdPerImageSection()
    {
        _html.Append("<section>\n<h2>BD-rate per image</h2>\n<table class=\"bd per-image\">\n<thead><tr><th>Image</th><th>Measure</th><th>BD-rate (PCHIP)</th><th>BD-rate (cubic)</th><th>BD-quality</th><th>Range compared</th><th>Points std/sem</th></tr></thead>\n<tbody>\n");
        foreach (var row in _bdPerImage)
        {
            string fmt = row.Metric == ChartMetric.MsSsim ? "0.0000" : "0.00";
            _html.Append("<tr><td>").Append(E(row.Image)).Append("</td><td>").Append(E(BdRateSummary.Name(row.Metric))).Append("</td>");
            BdCells(row);
            Num(double.IsNaN(row.QualityLow) ? "n/a" : $"{ReportFormat.Number(row.QualityLow, fmt)} – {ReportFormat.Number(row.QualityHigh, fmt)}");
            Num($"{row.StandardPoints}/{row.SemanticPoints}");
            _html.Append("</tr>\n");
        }
        _html.Append("</tbody></table>\n<p class=\"note\">n/a: the two curves share no quality range, or (PSNR-S) the subject covers less than ")
             .Append((BdRateSummary.MinRegionMean * 100).ToString("0", System.Globalization.CultureInfo.InvariantCulture))
             .Append("% of the picture. Such images are left out of the means.</p>\n</section>\n");
    }

    private void MeansSection()
    {
        _html.Append("<section>\n<h2>At equal size: means per quality</h2>\n<table class=\"means\">\n");
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

    private void DeltaCell(double delta, string format, bool lowerIsBetter = false, string suffix = "")
    {
        string cls = double.IsNaN(delta) || delta == 0 ? "num" : (delta > 0) ^ lowerIsBetter ? "num better" : "num worse";
        string text = ReportFormat.Delta(delta, format);
        _html.Append("<td class=\"").Append(cls).Append("\">").Append(E(double.IsNaN(delta) ? text : text + suffix)).Append("</td>");
    }

    private void Num(string text) => _html.Append("<td class=\"num\">").Append(E(text)).Append("</td>");

    private void PaperSection()
    {
        _html.Append("<section>\n<h2>For reference: the paper's numbers (a different data set)</h2>\n<p class=\"note\">")
             .Append(E(PaperReference.Source)).Append(". Not comparable with the tables above: other images, other encoder, other saliency model, and a self-referential PSNR-S (weighted by the same map that drove their encoder). Bytes and bpp are not given there.</p>\n<table class=\"means paper\">\n");
        MeansHeader();
        _html.Append("<tbody>\n");
        MeansRow("Q50", "Paper: standard JPEG", 24, PaperReference.StandardJpegQ50, "std", paperPrecision: true);
        MeansRow("Q50", "Paper: Prakash et al.", 24, PaperReference.SemanticJpegQ50, "sem", paperPrecision: true);
        DeltaRow("Q50", PaperReference.StandardJpegQ50, PaperReference.SemanticJpegQ50);
        _html.Append("</tbody></table>\n</section>\n");
    }

    private void ChartsSection()
    {
        _html.Append("<section>\n<h2>Rate-distortion curves</h2>\n<p class=\"note\">Each point is the mean over the images at one quality of the ladder: the standard JPEG at that quality, and SemanticJpeg's own file at that quality. Up and to the left is better.</p>\n<div class=\"charts\">\n");
        foreach (var metric in BdRateSummary.Metrics)
        {
            double bd = _bdMeans.FirstOrDefault(r => r.Metric == metric)?.BdRate ?? double.NaN;
            _html.Append("<figure class=\"chart\">").Append(RateDistortionChart.ToSvg(_means, metric, double.IsFinite(bd) ? bd : null)).Append("</figure>\n");
        }
        _html.Append("</div>\n</section>\n");
    }

    private void CropsSection()
    {
        if (_crops.Count == 0) return;
        _html.Append("<section>\n<h2>Close-ups: subject and background, at the same size</h2>\n<p class=\"note\">The standard JPEG and SemanticJpeg made to its size, cut at the most and at the least salient place of the region map. Crops up to 200 pixels wide are shown at 2x with square pixels, so that artefacts are visible.</p>\n");
        foreach (var image in _crops.GroupBy(c => (c.Image, c.Quality)))
        {
            var row = _rows.FirstOrDefault(r => r.Image == image.Key.Image && r.Quality == image.Key.Quality);
            _html.Append("<article class=\"crop\">\n<h3>").Append(E(image.Key.Image)).Append(" · at the size of standard JPEG Q").Append(image.Key.Quality);
            if (row is not null) _html.Append(" (").Append(E(ReportFormat.Bytes(row.StandardBytes))).Append(" bytes)");
            _html.Append("</h3>\n");
            foreach (var crop in image.OrderBy(c => c.Kind))
            {
                bool subject = crop.Kind == CropKind.Subject;
                _html.Append("<h4>").Append(subject ? "Subject" : "Background");
                if (crop.Region is { } region) _html.Append(" <span class=\"region-rect\">").Append(E(region.ToString())).Append("</span>");
                _html.Append("</h4>\n<div class=\"triptych\">\n");
                Figure(crop.OriginalPng, "Original", null);
                Figure(crop.StandardPng, $"Standard JPEG Q{crop.Quality}", row is null ? null : Numbers(row.StandardBytes, row.Standard, subject));
                Figure(crop.SemanticPng, "SemanticJpeg, same size", row is null ? null : Numbers(row.SemanticBytes, row.Semantic, subject));
                _html.Append("</div>\n");
            }
            _html.Append("</article>\n");
        }
        _html.Append("</section>\n");
    }

    /// <summary>The caption numbers under a close-up: the region's own PSNR first.</summary>
    private static string Numbers(long bytes, Metrics.QualityReport q, bool subject)
        => subject
            ? $"{bytes:#,0} bytes · PSNR-S {ReportFormat.Number(q.PsnrSalient, "0.00")} dB · PSNR {ReportFormat.Db(q.PsnrRgb)} dB · MS-SSIM {ReportFormat.Index(q.MsSsim)}"
            : $"{bytes:#,0} bytes · PSNR-BG {ReportFormat.Number(q.PsnrBackground, "0.00")} dB · PSNR {ReportFormat.Db(q.PsnrRgb)} dB · MS-SSIM {ReportFormat.Index(q.MsSsim)}";

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
             .Append("<li><b>PSNR-S</b> (ROI-PSNR): PSNR with the MSE weighted per pixel by the region map (weights in [0, 1]): your -SaliencyMap when given, else SemanticJpeg's own saliency map (self-referential), as in Prakash et al. 2017. <b>PSNR-BG</b>: the same with weights 1 − map.</li>\n")
             .Append("<li><b>BD-rate</b>: Bjøntegaard delta rate (ITU-T VCEG-M33): ln(bytes) as a function of quality is interpolated for both encoders, integrated over the quality range both cover, and the mean difference d gives (e^d − 1) × 100 %. PCHIP: piecewise cubic Hermite interpolation through the points (the JCT-VC/JVET common test conditions); cubic: VCEG-M33's least-squares cubic. Computed per image, then averaged.</li>\n")
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
        .headline { border: 2px solid var(--line); border-radius: 8px; padding: 4px 16px 8px; margin-top: 16px; } .headline h2 { border: 0; }
        .lead { font-size: 20px; font-weight: 600; line-height: 1.35; margin: 4px 0 10px; max-width: 1000px; }
        p.region { font-size: 14px; padding: 6px 10px; border-radius: 6px; max-width: 1000px; } p.region.warn { background: #fff4e5; border-left: 4px solid #d97706; } p.region.ok { background: #eef8f0; border-left: 4px solid var(--ok); }
        .table-wrap, section { overflow-x: auto; }
        .note { color: #57606a; font-size: 13px; max-width: 1000px; }
        .charts { display: flex; flex-wrap: wrap; gap: 12px; } figure.chart { margin: 0; border: 1px solid var(--line); border-radius: 6px; padding: 4px; background: #fff; flex: 1 1 340px; max-width: 480px; }
        figure.chart svg { width: 100%; height: auto; display: block; }
        .triptych { display: flex; flex-wrap: wrap; gap: 12px; } .triptych figure { margin: 0; max-width: 100%; }
        .triptych img { image-rendering: pixelated; width: 100%; height: auto; border: 1px solid var(--line); display: block; }
        figcaption { font-size: 13px; color: #30363d; margin-top: 4px; } .region-rect { color: #57606a; font-weight: normal; font-size: 13px; } h4 { font-size: 14px; margin: 10px 0 4px; }
        @media (max-width: 600px) { body { font-size: 14px; margin: 12px auto; padding: 0 10px; } .lead { font-size: 18px; } table { font-size: 12px; } th, td { padding: 3px 5px; } }
        footer { margin-top: 32px; color: #30363d; font-size: 13px; }

        """;
}
