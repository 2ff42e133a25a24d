using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

namespace SemanticJpeg.Reporting;

/// <summary>The quality measure on the y axis of a rate-distortion chart.</summary>
public enum ChartMetric
{
    /// <summary>PSNR of the salient region (saliency-weighted), dB.</summary>
    PsnrSalient,

    /// <summary>Global PSNR over R, G, B, dB.</summary>
    Psnr,

    /// <summary>MS-SSIM of luma, unitless.</summary>
    MsSsim,
}

/// <summary>
/// Rate-distortion charts drawn with OxyPlot and exported as SVG: one line per encoder through the
/// per-quality means, x = mean bits per pixel, y = the chosen metric.
/// </summary>
public static class RateDistortionChart
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

    /// <summary>Builds the OxyPlot model; points with a non-finite value are left out.</summary>
    public static PlotModel Build(IReadOnlyList<QualityMeans> means, ChartMetric metric)
    {
        ArgumentNullException.ThrowIfNull(means);
        var (yTitle, yUnit) = YAxis(metric);
        var model = new PlotModel
        {
            Title = $"{yTitle.Split(' ')[0]} vs bit rate",
            DefaultFont = "Arial, Helvetica, 'Liberation Sans', sans-serif",
            DefaultFontSize = 13,
            TitleFontSize = 15,
            TitleFontWeight = FontWeights.Bold,
            Background = OxyColors.White,
            PlotAreaBorderColor = OxyColor.FromRgb(0x99, 0x99, 0x99),
        };
        model.Axes.Add(new LinearAxis
        {
            Position = AxisPosition.Bottom,
            Title = XAxisTitle,
            Unit = XAxisUnit,
            TitleFormatString = "{0} ({1})",
            MajorGridlineStyle = LineStyle.Solid,
            MajorGridlineColor = OxyColor.FromRgb(0xE4, 0xE4, 0xE4),
            MinimumPadding = 0.08,
            MaximumPadding = 0.08,
        });
        model.Axes.Add(new LinearAxis
        {
            Position = AxisPosition.Left,
            Title = yTitle,
            Unit = yUnit,
            TitleFormatString = "{0} ({1})",
            MajorGridlineStyle = LineStyle.Solid,
            MajorGridlineColor = OxyColor.FromRgb(0xE4, 0xE4, 0xE4),
            MinimumPadding = 0.1,
            MaximumPadding = 0.1,
            StringFormat = metric == ChartMetric.MsSsim ? "0.000" : "0.0",
        });
        model.Legends.Add(new Legend
        {
            LegendPosition = LegendPosition.BottomRight,
            LegendPlacement = LegendPlacement.Inside,
            LegendBackground = OxyColor.FromAColor(230, OxyColors.White),
            LegendBorder = OxyColor.FromRgb(0x99, 0x99, 0x99),
        });
        model.Series.Add(Line(StandardSeriesTitle, OxyColor.FromRgb(0x55, 0x6B, 0x8D), MarkerType.Square, LineStyle.Dash,
            means.Select(m => (m.Standard.Bpp, Pick(m.Standard, metric), m.Quality))));
        model.Series.Add(Line(SemanticSeriesTitle, OxyColor.FromRgb(0xD9, 0x5F, 0x02), MarkerType.Circle, LineStyle.Solid,
            means.Select(m => (m.Semantic.Bpp, Pick(m.Semantic, metric), m.Quality))));
        return model;
    }

    /// <summary>The chart as an inline &lt;svg&gt; element (no XML header), ready to embed in HTML.</summary>
    public static string ToSvg(IReadOnlyList<QualityMeans> means, ChartMetric metric, int width = 620, int height = 420)
    {
        var model = Build(means, metric);
        var exporter = new SvgExporter
        {
            Width = width,
            Height = height,
            IsDocument = false,
            // Managed font metrics only: nothing native is loaded, which keeps the module portable.
            TextMeasurer = new SvgTextMeasurer(),
        };
        return exporter.ExportToString(model);
    }

    internal static double Pick(MetricMeans m, ChartMetric metric) => metric switch
    {
        ChartMetric.PsnrSalient => m.PsnrSalient,
        ChartMetric.Psnr => m.PsnrRgb,
        ChartMetric.MsSsim => m.MsSsim,
        _ => throw new ArgumentOutOfRangeException(nameof(metric)),
    };

    private static LineSeries Line(string title, OxyColor color, MarkerType marker, LineStyle style,
        IEnumerable<(double Bpp, double Value, int Quality)> points)
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
        foreach (var (bpp, value, _) in points.Where(p => double.IsFinite(p.Bpp) && double.IsFinite(p.Value)).OrderBy(p => p.Bpp))
            series.Points.Add(new DataPoint(bpp, value));
        return series;
    }
}
