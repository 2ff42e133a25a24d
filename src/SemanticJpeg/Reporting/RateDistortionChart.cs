using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

namespace SemanticJpeg.Reporting;

/// <summary>The quality measure on the y axis of a rate-distortion chart.</summary>
internal enum ChartMetric
{
    /// <summary>PSNR of the salient region (saliency-weighted), dB.</summary>
    PsnrSalient,

    /// <summary>Global PSNR over R, G, B, dB.</summary>
    Psnr,

    /// <summary>MS-SSIM of luma, unitless.</summary>
    MsSsim,
}

/// <summary>
/// Rate-distortion charts drawn with OxyPlot and exported as SVG: one curve per encoder through the
/// per-quality means (the standard JPEG's ladder and SemanticJpeg's own ladder), x = mean bits per
/// pixel, y = the chosen metric. The axes are set from the points, so every point is inside.
/// </summary>
internal static class RateDistortionChart
{
    public const string StandardSeriesTitle = "Standard JPEG";
    public const string SemanticSeriesTitle = "SemanticJpeg";
    public const string XAxisTitle = "Bit rate";
    public const string XAxisUnit = "bits per pixel";

    /// <summary>Axis title and unit of a metric, as drawn on the y axis.</summary>
    public static (string Title, string Unit) YAxis(ChartMetric metric) => metric switch
    {
        ChartMetric.PsnrSalient => ("PSNR-S (salient region)", "dB"),
        ChartMetric.Psnr => ("PSNR (global, RGB)", "dB"),
        ChartMetric.MsSsim => ("MS-SSIM (luma)", "unitless"),
        _ => throw new ArgumentOutOfRangeException(nameof(metric)),
    };

    /// <summary>Share of the data range added on each side of an axis, so markers are not cut by the frame.</summary>
    internal const double Padding = 0.08;

    /// <summary>
    /// Builds the OxyPlot model; points with a non-finite value are left out. <paramref name="bdRate"/>,
    /// when given, is shown as the subtitle.
    /// </summary>
    public static PlotModel Build(IReadOnlyList<QualityMeans> means, ChartMetric metric, double? bdRate = null)
    {
        ArgumentNullException.ThrowIfNull(means);
        var (yTitle, yUnit) = YAxis(metric);
        var standardPoints = Points(means.Select(m => (m.Standard.Bpp, Pick(m.Standard, metric))));
        var semanticPoints = Points(means.Select(m => (m.Curve.Bpp, Pick(m.Curve, metric))));
        var all = standardPoints.Concat(semanticPoints).ToList();
        var (xMin, xMax) = Range(all.Select(p => p.X));
        var (yMin, yMax) = Range(all.Select(p => p.Y));
        var model = new PlotModel
        {
            Title = $"{yTitle.Split(' ')[0]} vs bit rate",
            Subtitle = bdRate is { } bd ? $"BD-rate {ReportFormat.Delta(bd, "0.0")}% (PCHIP)" : null,
            DefaultFont = "Arial, Helvetica, 'Liberation Sans', sans-serif",
            DefaultFontSize = 14,
            SubtitleFontSize = 14,
            TitleFontSize = 16,
            TitleFontWeight = FontWeights.Bold,
            Background = OxyColors.White,
            PlotAreaBorderColor = OxyColor.FromRgb(0x99, 0x99, 0x99),
        };
        model.Axes.Add(Axis(AxisPosition.Bottom, XAxisTitle, XAxisUnit, xMin, xMax, "0.0#"));
        model.Axes.Add(Axis(AxisPosition.Left, yTitle, yUnit, yMin, yMax, metric == ChartMetric.MsSsim ? "0.000" : "0.0"));
        model.Legends.Add(new Legend
        {
            LegendPosition = LegendPosition.BottomRight,
            LegendPlacement = LegendPlacement.Inside,
            LegendBackground = OxyColor.FromAColor(230, OxyColors.White),
            LegendBorder = OxyColor.FromRgb(0x99, 0x99, 0x99),
        });
        model.Series.Add(Line(StandardSeriesTitle, OxyColor.FromRgb(0x55, 0x6B, 0x8D), MarkerType.Square, LineStyle.Dash, standardPoints));
        model.Series.Add(Line(SemanticSeriesTitle, OxyColor.FromRgb(0xD9, 0x5F, 0x02), MarkerType.Circle, LineStyle.Solid, semanticPoints));
        return model;
    }

    /// <summary>
    /// Data range plus <see cref="Padding"/> on both sides. A single value (one quality, or two
    /// equal means) gets a range around it, 1% of its size, so it is drawn in the middle instead of
    /// on an axis OxyPlot would have to guess.
    /// </summary>
    internal static (double Min, double Max) Range(IEnumerable<double> values)
    {
        var list = values.ToList();
        if (list.Count == 0) return (0, 1);
        double min = list.Min(), max = list.Max(), span = max - min;
        if (span <= 0) span = Math.Max(Math.Abs(min) * 0.01, 1e-3);
        return (min - span * Padding, max + span * Padding);
    }

    /// <summary>
    /// The chart as an inline &lt;svg&gt; element (no XML header), ready to embed in HTML. It has a
    /// viewBox, so CSS can scale it to a phone's width with its text.
    /// </summary>
    public static string ToSvg(IReadOnlyList<QualityMeans> means, ChartMetric metric, double? bdRate = null, int width = 460, int height = 360)
    {
        var model = Build(means, metric, bdRate);
        var exporter = new SvgExporter
        {
            Width = width,
            Height = height,
            IsDocument = false,
            // Managed font metrics only: nothing native is loaded, which keeps the module portable.
            TextMeasurer = new SvgTextMeasurer(),
        };
        var svg = exporter.ExportToString(model);
        int start = svg.IndexOf("<svg", StringComparison.Ordinal);
        // OxyPlot writes an XML declaration even for a fragment; inside HTML it is noise.
        return start < 0 ? svg : svg[start..].Insert(4, $" viewBox=\"0 0 {width} {height}\" preserveAspectRatio=\"xMidYMid meet\"");
    }

    internal static double Pick(MetricMeans m, ChartMetric metric) => metric switch
    {
        ChartMetric.PsnrSalient => m.PsnrSalient,
        ChartMetric.Psnr => m.PsnrRgb,
        ChartMetric.MsSsim => m.MsSsim,
        _ => throw new ArgumentOutOfRangeException(nameof(metric)),
    };

    private static List<DataPoint> Points(IEnumerable<(double Bpp, double Value)> points)
        => points.Where(p => double.IsFinite(p.Bpp) && double.IsFinite(p.Value)).OrderBy(p => p.Bpp)
            .Select(p => new DataPoint(p.Bpp, p.Value)).ToList();

    private static LineSeries Line(string title, OxyColor color, MarkerType marker, LineStyle style, List<DataPoint> points)
    {
        var series = new LineSeries
        {
            Title = title,
            Color = color,
            StrokeThickness = 2.5,
            LineStyle = style,
            MarkerType = marker,
            MarkerSize = 5,
            MarkerFill = color,
        };
        series.Points.AddRange(points);
        return series;
    }

    /// <summary>A linear axis in the charts' style: "title (unit)", light solid grid, fixed range.</summary>
    private static LinearAxis Axis(AxisPosition position, string title, string unit, double min, double max, string format) => new()
    {
        Position = position,
        Title = title,
        Unit = unit,
        TitleFormatString = "{0} ({1})",
        MajorGridlineStyle = LineStyle.Solid,
        MajorGridlineColor = OxyColor.FromRgb(0xE4, 0xE4, 0xE4),
        Minimum = min,
        Maximum = max,
        StringFormat = format,
    };
}
