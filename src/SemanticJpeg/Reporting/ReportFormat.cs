using System.Globalization;

namespace SemanticJpeg.Reporting;

/// <summary>Number formatting shared by the HTML and markdown output: invariant culture, "Inf", "n/a".</summary>
internal static class ReportFormat
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Db(double v) => Number(v, "0.00");
    public static string Index(double v) => Number(v, "0.0000");
    public static string Index3(double v) => Number(v, "0.000");
    public static string Bpp(double v) => Number(v, "0.000");
    public static string Bytes(double v) => Number(v, "#,0");

    public static string Delta(double v, string format) => v switch
    {
        double.NaN => "n/a",
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ => (v >= 0 ? "+" : "") + v.ToString(format, Inv),
    };

    public static string Number(double v, string format) => v switch
    {
        double.NaN => "n/a",
        double.PositiveInfinity => "Inf",
        double.NegativeInfinity => "-Inf",
        _ => v.ToString(format, Inv),
    };

    public static string Number(double? v, string format) => v is { } d ? Number(d, format) : "n/a";
}
