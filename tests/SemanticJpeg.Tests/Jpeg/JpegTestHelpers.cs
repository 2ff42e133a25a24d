using ImageMagick;
using SemanticJpeg.Imaging;
using SemanticJpeg.Jpeg;
using SemanticJpeg.Pipeline;

namespace SemanticJpeg.Tests.Jpeg;

/// <summary>Reference encodes with Magick.NET (libjpeg-turbo inside) and small helpers the Jpeg tests share.</summary>
internal static class JpegTestHelpers
{
    public static string SamplingFactor(ChromaSubsampling s) => StandardJpegReference.SamplingFactor(s);

    /// <summary>
    /// ImageMagick's JPEG at quality Q with the given subsampling and optimised Huffman tables (its default, stated
    /// anyway). The DCT is left at ImageMagick's default: in this build its output differs from every explicit
    /// dct-method (islow, float, ifast), so "default" is the honest reference.
    /// </summary>
    public static byte[] MagickEncode(PixelImage image, int quality, ChromaSubsampling subsampling, string? dctMethod = null)
    {
        using var m = MagickPixelConverter.ToMagickImage(image);
        m.Quality = (uint)quality;
        m.Settings.SetDefine(MagickFormat.Jpeg, "sampling-factor", SamplingFactor(subsampling));
        m.Settings.SetDefine(MagickFormat.Jpeg, "optimize-coding", "true");
        if (dctMethod is not null) m.Settings.SetDefine(MagickFormat.Jpeg, "dct-method", dctMethod);
        m.Strip();
        return m.ToByteArray(MagickFormat.Jpeg);
    }

    public static PixelImage MagickDecode(byte[] jpeg)
    {
        using var m = new MagickImage(jpeg);
        return MagickPixelConverter.ToPixelImage(m);
    }

    /// <summary>One half (by block columns: the first bw/2 columns are the left half) important, the other not.</summary>
    public static BlockImportance Half(int width, int height, bool right)
    {
        var (bw, bh) = BlockImportance.GridSize(width, height);
        var v = new float[bw * bh];
        for (int y = 0; y < bh; y++)
            for (int x = 0; x < bw; x++)
                v[y * bw + x] = (x >= bw / 2) == right ? 1f : 0f;
        return new BlockImportance(bw, bh, v);
    }

    /// <summary>A soft ellipse of importance in the middle (1 at the centre, 0 towards the corners).</summary>
    public static BlockImportance CentreWeighted(int width, int height)
    {
        var (bw, bh) = BlockImportance.GridSize(width, height);
        var v = new float[bw * bh];
        for (int y = 0; y < bh; y++)
            for (int x = 0; x < bw; x++)
            {
                double dx = (x + 0.5) / bw - 0.5, dy = (y + 0.5) / bh - 0.5;
                v[y * bw + x] = (float)Math.Clamp(1.5 - Math.Sqrt(dx * dx + dy * dy) / 0.35, 0, 1);
            }
        return new BlockImportance(bw, bh, v);
    }

    /// <summary>The DQT tables of a file as "id:v,v,..." strings, in file order.</summary>
    public static List<string> QuantTables(byte[] jpeg) =>
        Segments(jpeg).Where(s => s.Marker == 0xDB).Select(s => $"{s.Payload[0]}:{string.Join(",", s.Payload.Skip(1))}").ToList();

    /// <summary>Marker segments before the scan data (SOS included).</summary>
    public static List<(byte Marker, byte[] Payload)> Segments(byte[] jpeg)
    {
        var list = new List<(byte, byte[])>();
        int pos = 2;
        while (pos + 4 <= jpeg.Length && jpeg[pos] == 0xFF)
        {
            byte marker = jpeg[pos + 1];
            int len = (jpeg[pos + 2] << 8) | jpeg[pos + 3];
            list.Add((marker, jpeg.AsSpan(pos + 4, len - 2).ToArray()));
            pos += 2 + len;
            if (marker == 0xDA) break;
        }
        return list;
    }
}
