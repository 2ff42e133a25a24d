using System.Runtime.CompilerServices;
namespace SemanticJpeg.Jpeg.Components;

/// <summary>
/// Chroma subsampling by box averaging (what libjpeg's h2v1/h2v2 downsamplers do, without their rounding to
/// integers). The input is already padded to whole MCUs, so the output covers whole blocks.
/// </summary>
internal static class Downsampler
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Plane Downsample(Plane src, int factorH, int factorV)
    {
        if (factorH == 1 && factorV == 1) return src;
        var dst = new Plane(src.Width / factorH, src.Height / factorV);
        for (int y = 0; y < dst.Height; y++)
        {
            var d = dst.Row(y);
            var a = src.Row(y * factorV);
            if (factorV == 2)
            {
                var b = src.Row(y * factorV + 1);
                if (factorH == 2)
                    for (int x = 0; x < d.Length; x++)
                        d[x] = (a[2 * x] + a[2 * x + 1] + b[2 * x] + b[2 * x + 1]) * 0.25f;
                else
                    for (int x = 0; x < d.Length; x++)
                        d[x] = (a[x] + b[x]) * 0.5f;
            }
            else
            {
                for (int x = 0; x < d.Length; x++)
                    d[x] = (a[2 * x] + a[2 * x + 1]) * 0.5f;
            }
        }
        return dst;
    }
}
