using System.Runtime.CompilerServices;
using SemanticJpeg.Imaging;

namespace SemanticJpeg.Jpeg.Components;

/// <summary>
/// RGB to YCbCr as JFIF 1.02 defines it (full range, ITU-R BT.601 weights), level-shifted by -128 for the DCT
/// (T.81 A.3.1). Samples stay float, so unlike libjpeg nothing is rounded to 8 bits between stages.
/// The picture is extended to the padded size by replicating its last column and row (T.81 A.2.4 leaves
/// the fill to the encoder; replication keeps edge blocks free of fake high frequencies).
/// </summary>
internal static class ColorConverter
{
    // JFIF 1.02: Y = .299R + .587G + .114B; Cb = -.168736R - .331264G + .5B + 128; Cr = .5R - .418688G - .081312B + 128.
    private static readonly float[] Lut = BuildLut();

    /// <summary>Per-byte products, [channel in][component out][value]; the +128/-128 offsets cancel except for Y.</summary>
    private static float[] BuildLut()
    {
        double[,] m =
        {
            { 0.299, 0.587, 0.114 },
            { -0.168736, -0.331264, 0.5 },
            { 0.5, -0.418688, -0.081312 },
        };
        var lut = new float[3 * 3 * 256];
        for (int cin = 0; cin < 3; cin++)
        for (int cout = 0; cout < 3; cout++)
        for (int v = 0; v < 256; v++)
            lut[(cin * 3 + cout) * 256 + v] = (float)(m[cout, cin] * v - (cout == 0 ? 128.0 * m[cout, cin] : 0));
        return lut;
    }

    /// <summary>Slow reference: one pixel, double precision, not level-shifted.</summary>
    public static (double Y, double Cb, double Cr) Reference(byte r, byte g, byte b) =>
        (0.299 * r + 0.587 * g + 0.114 * b,
         -0.168736 * r - 0.331264 * g + 0.5 * b + 128,
         0.5 * r - 0.418688 * g - 0.081312 * b + 128);

    /// <summary>Grey image: one plane, level-shifted and edge-replicated to the padded size.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Plane GreyToPlane(PixelImage image, int paddedWidth, int paddedHeight)
    {
        var p = new Plane(paddedWidth, paddedHeight);
        int w = image.Width;
        for (int y = 0; y < image.Height; y++)
        {
            var src = image.Row(y);
            var dst = p.Row(y);
            for (int x = 0; x < w; x++) dst[x] = src[x] - 128f;
            dst[w..].Fill(dst[w - 1]);
        }
        ReplicateRows(p, image.Height);
        return p;
    }

    /// <summary>Colour image: three full-resolution planes (Y, Cb, Cr), edge-replicated to the padded size.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Plane[] RgbToPlanes(PixelImage image, int paddedWidth, int paddedHeight)
    {
        var py = new Plane(paddedWidth, paddedHeight);
        var pcb = new Plane(paddedWidth, paddedHeight);
        var pcr = new Plane(paddedWidth, paddedHeight);
        int w = image.Width;
        var lut = Lut.AsSpan();
        var rY = lut.Slice(0 * 256, 256); var rCb = lut.Slice(1 * 256, 256); var rCr = lut.Slice(2 * 256, 256);
        var gY = lut.Slice(3 * 256, 256); var gCb = lut.Slice(4 * 256, 256); var gCr = lut.Slice(5 * 256, 256);
        var bY = lut.Slice(6 * 256, 256); var bCb = lut.Slice(7 * 256, 256); var bCr = lut.Slice(8 * 256, 256);
        for (int y = 0; y < image.Height; y++)
        {
            var src = image.Row(y);
            var dy = py.Row(y); var dcb = pcb.Row(y); var dcr = pcr.Row(y);
            for (int x = 0, i = 0; x < w; x++, i += 3)
            {
                byte r = src[i], g = src[i + 1], b = src[i + 2];
                dy[x] = rY[r] + gY[g] + bY[b];
                dcb[x] = rCb[r] + gCb[g] + bCb[b];
                dcr[x] = rCr[r] + gCr[g] + bCr[b];
            }
            dy[w..].Fill(dy[w - 1]);
            dcb[w..].Fill(dcb[w - 1]);
            dcr[w..].Fill(dcr[w - 1]);
        }
        ReplicateRows(py, image.Height);
        ReplicateRows(pcb, image.Height);
        ReplicateRows(pcr, image.Height);
        return [py, pcb, pcr];
    }

    private static void ReplicateRows(Plane p, int filledRows)
    {
        var last = p.Row(filledRows - 1);
        for (int y = filledRows; y < p.Height; y++) last.CopyTo(p.Row(y));
    }
}
