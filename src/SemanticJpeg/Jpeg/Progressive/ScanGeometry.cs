using SemanticJpeg.Jpeg.Components;

namespace SemanticJpeg.Jpeg.Progressive;

/// <summary>
/// Block grids a progressive scan walks. An interleaved scan covers whole MCUs (T.81 A.2.3), i.e. the padded grid
/// the <see cref="QuantizedImage"/> stores; a non-interleaved scan covers only the component's own blocks
/// (A.2.2): ceil(ceil(X·H/Hmax)/8) by ceil(ceil(Y·V/Vmax)/8), which for luma in 4:2:0/4:2:2 can be one column or
/// row fewer than the padded grid.
/// </summary>
internal static class ScanGeometry
{
    public static int RealBlocksWide(FrameLayout layout, int component)
    {
        var c = layout.Components[component];
        int samples = (layout.Width * c.H + layout.MaxH - 1) / layout.MaxH;
        return (samples + 7) / 8;
    }

    public static int RealBlocksHigh(FrameLayout layout, int component)
    {
        var c = layout.Components[component];
        int samples = (layout.Height * c.V + layout.MaxV - 1) / layout.MaxV;
        return (samples + 7) / 8;
    }
}
