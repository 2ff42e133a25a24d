using OxyPlot;

namespace SemanticJpeg.Reporting;

/// <summary>
/// Text measurement for OxyPlot's SVG export without any native font library. It reuses the
/// PDF context's built-in Helvetica metrics (metric-compatible with Arial and Liberation Sans),
/// which come out in points; the SVG is laid out in CSS pixels, so sizes are scaled by 96/72.
/// Unscaled, legends and axis titles were drawn 25% too narrow and overlapped the tick labels.
/// </summary>
internal sealed class SvgTextMeasurer : RenderContextBase
{
    private const double PointsToPixels = 96.0 / 72.0;
    private readonly PdfRenderContext _pdf = new(100, 100, OxyColors.White);

    public override OxySize MeasureText(string text, string fontFamily, double fontSize, double fontWeight)
    {
        var size = _pdf.MeasureText(text, fontFamily, fontSize, fontWeight);
        return new OxySize(size.Width * PointsToPixels, size.Height * PointsToPixels);
    }

    // Only measuring is used by SvgRenderContext; nothing is ever drawn here.
    public override void DrawLine(IList<ScreenPoint> points, OxyColor stroke, double thickness, EdgeRenderingMode edgeRenderingMode, double[]? dashArray, LineJoin lineJoin)
        => throw new NotSupportedException();

    public override void DrawPolygon(IList<ScreenPoint> points, OxyColor fill, OxyColor stroke, double thickness, EdgeRenderingMode edgeRenderingMode, double[]? dashArray, LineJoin lineJoin)
        => throw new NotSupportedException();

    public override void DrawText(ScreenPoint p, string text, OxyColor fill, string fontFamily, double fontSize, double fontWeight, double rotation, HorizontalAlignment halign, VerticalAlignment valign, OxySize? maxSize)
        => throw new NotSupportedException();

    public override int ClipCount => 0;

    public override void PushClip(OxyRect clippingRectangle)
    {
    }

    public override void PopClip()
    {
    }
}
