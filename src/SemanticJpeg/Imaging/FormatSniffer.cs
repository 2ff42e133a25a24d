using System.Buffers.Binary;
using System.Text;
using ImageMagick;

namespace SemanticJpeg.Imaging;

/// <summary>
/// Decides a file's format from its first bytes (its signature), the way a browser sniffs, so the
/// decoder is chosen by us and not by ImageMagick's own detection. A polyglot (a PNG signature
/// followed by SVG, a GIF that is also a script) is therefore decoded as what its signature says,
/// by that one coder, and fails there if the rest does not fit. Signatures from the format specs
/// (PNG 5.2, GIF89a, TIFF 6.0 section 2, RIFF/WebP, ISO/IEC 14496-12 ftyp, ISO/IEC 18181-2,
/// ISO/IEC 15444-1 annex I, netpbm, Truevision TGA 2.0, ICO/CUR, QOI, Adobe PSD).
/// </summary>
internal static class FormatSniffer
{
    /// <summary>Bytes looked at: enough for an XML prologue with comments before the root element.</summary>
    public const int HeadLength = 4096;

    public static InputFormat Detect(ReadOnlySpan<byte> head, string? fileName)
    {
        if (Has(head, [0xFF, 0xD8, 0xFF])) return InputFormat.Raster(MagickFormat.Jpeg);
        if (Has(head, [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A])) return InputFormat.Raster(MagickFormat.Png);
        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8)) return InputFormat.Raster(MagickFormat.Gif);
        if (head.StartsWith("BM"u8) && head.Length >= 18) return InputFormat.Raster(MagickFormat.Bmp);
        if (head.StartsWith("II*\0"u8) || head.StartsWith("MM\0*"u8) || head.StartsWith("II+\0"u8) || head.StartsWith("MM\0+"u8))
            return InputFormat.Raster(MagickFormat.Tiff);
        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8)) return InputFormat.Raster(MagickFormat.WebP);
        if (IsoMediaBrand(head) is { } brand) return brand;
        if (Has(head, [0xFF, 0x0A]) || Has(head, [0, 0, 0, 0x0C, (byte)'J', (byte)'X', (byte)'L', (byte)' ', 0x0D, 0x0A, 0x87, 0x0A]))
            return InputFormat.Raster(MagickFormat.Jxl);
        if (Has(head, [0, 0, 0, 0x0C, (byte)'j', (byte)'P', (byte)' ', (byte)' ', 0x0D, 0x0A, 0x87, 0x0A])) return InputFormat.Raster(MagickFormat.Jp2);
        if (Has(head, [0xFF, 0x4F, 0xFF, 0x51])) return InputFormat.Raster(MagickFormat.J2k);
        if (head.StartsWith("qoif"u8)) return InputFormat.Raster(MagickFormat.Qoi);
        if (head.StartsWith("8BPS"u8)) return InputFormat.Raster(MagickFormat.Psd);
        if (Netpbm(head) is { } pnm) return pnm;
        if (IconDirectory(head) is { } icon) return icon;

        if (head.StartsWith("%PDF"u8)) return InputFormat.Script("PDF");
        if (Has(head, [0xC5, 0xD0, 0xD3, 0xC6])) return InputFormat.Script("EPS");
        if (head.StartsWith("%!"u8)) return InputFormat.Script(FirstLine(head).Contains("EPSF", StringComparison.Ordinal) ? "EPS" : "PostScript");
        if (TextFormat(head) is { } text) return text;

        // TGA is the one allowed format without a signature (ImageMagick itself recognises it only
        // by the name): the name must say TGA and the header must be a plausible TGA header.
        if (HasExtension(fileName, ".tga", ".icb", ".vda", ".vst") && IsPlausibleTga(head)) return InputFormat.Raster(MagickFormat.Tga);
        return InputFormat.Unknown;
    }

    private static bool Has(ReadOnlySpan<byte> head, ReadOnlySpan<byte> signature) => head.StartsWith(signature);

    private static InputFormat? IsoMediaBrand(ReadOnlySpan<byte> head)
    {
        if (head.Length < 12 || !head[4..8].SequenceEqual("ftyp"u8)) return null;
        var brand = Encoding.ASCII.GetString(head[8..12]);
        return brand switch
        {
            "avif" or "avis" => InputFormat.Raster(MagickFormat.Avif),
            "heic" or "heix" or "hevc" or "hevx" or "heim" or "heis" or "mif1" or "msf1" => InputFormat.Raster(MagickFormat.Heic),
            _ => null,
        };
    }

    private static InputFormat? Netpbm(ReadOnlySpan<byte> head)
    {
        // "P1".."P6" (PBM/PGM/PPM), "P7" (PAM), "Pf"/"PF" (PFM), each followed by white space.
        if (head.Length < 3 || head[0] != 'P' || !char.IsWhiteSpace((char)head[2])) return null;
        return head[1] switch
        {
            >= (byte)'1' and <= (byte)'6' => InputFormat.Raster(MagickFormat.Pnm),
            (byte)'7' => InputFormat.Raster(MagickFormat.Pam),
            (byte)'f' or (byte)'F' => InputFormat.Raster(MagickFormat.Pfm),
            _ => null,
        };
    }

    private static InputFormat? IconDirectory(ReadOnlySpan<byte> head)
    {
        // ICONDIR: reserved 0, type 1 (icon) or 2 (cursor), at least one image, then a 16-byte
        // entry whose reserved byte is 0.
        if (head.Length < 22 || head[0] != 0 || head[1] != 0 || head[3] != 0 || head[9] != 0) return null;
        if (BinaryPrimitives.ReadUInt16LittleEndian(head[4..]) == 0) return null;
        return head[2] switch
        {
            1 => InputFormat.Raster(MagickFormat.Ico),
            2 => InputFormat.Raster(MagickFormat.Cur),
            _ => null,
        };
    }

    private static InputFormat? TextFormat(ReadOnlySpan<byte> head)
    {
        var text = Encoding.UTF8.GetString(head).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (text.StartsWith("push graphic-context", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("viewbox", StringComparison.OrdinalIgnoreCase))
            return InputFormat.Script("MVG");
        if (!text.StartsWith('<')) return null;
        if (text.Contains("<svg", StringComparison.OrdinalIgnoreCase)) return InputFormat.Svg;
        // ImageMagick's scripting language is XML whose root is <image> or <group>.
        if (text.Contains("<image", StringComparison.OrdinalIgnoreCase) || text.Contains("<group", StringComparison.OrdinalIgnoreCase))
            return InputFormat.Script("MSL");
        return InputFormat.Script("XML");
    }

    private static bool IsPlausibleTga(ReadOnlySpan<byte> head)
    {
        // Truevision TGA 2.0 header: colour map type 0/1, image type 1-3 or 9-11, 8-32 bits per
        // pixel, non-zero width and height (bytes 12-15, little endian).
        if (head.Length < 18) return false;
        bool mapType = head[1] is 0 or 1;
        bool imageType = head[2] is 1 or 2 or 3 or 9 or 10 or 11;
        bool depth = head[16] is 8 or 15 or 16 or 24 or 32;
        bool size = BinaryPrimitives.ReadUInt16LittleEndian(head[12..]) > 0 && BinaryPrimitives.ReadUInt16LittleEndian(head[14..]) > 0;
        return mapType && imageType && depth && size;
    }

    private static string FirstLine(ReadOnlySpan<byte> head)
    {
        int end = head.IndexOfAny((byte)'\n', (byte)'\r');
        return Encoding.ASCII.GetString(end < 0 ? head : head[..end]);
    }

    private static bool HasExtension(string? fileName, params string[] extensions) =>
        fileName is not null && extensions.Contains(Path.GetExtension(fileName), StringComparer.OrdinalIgnoreCase);
}
