using ImageMagick;

namespace SemanticJpeg.Imaging;

/// <summary>
/// The one place that turns our own <see cref="PixelImage"/>s into image files and our own JPEG
/// bytes back into pixels: the maps and overlays of Get-ImageSaliency, the report's crops, the
/// standard-JPEG reference and the comparer's decoder. Files from users come in through
/// <see cref="ImageLoader"/> instead (content sniffing, allow-list, limits). Lives in the library,
/// not the cmdlets, so that the cmdlet assembly never names a Magick.NET type (see
/// SemanticJpeg.PowerShell/Loading).
/// </summary>
internal static class ImageCodec
{
    /// <summary>JPEG quality of maps and overlays written by file name.</summary>
    public const int PreviewJpegQuality = 90;

    /// <summary>The format a file name's extension asks for; PNG when the extension names nothing we write.</summary>
    public static byte[] EncodeFor(string path, PixelImage pixels) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".jpg" or ".jpeg" => EncodeJpeg(pixels, PreviewJpegQuality),
        ".webp" => Encode(pixels, MagickFormat.WebP),
        ".tif" or ".tiff" => Encode(pixels, MagickFormat.Tiff),
        ".bmp" => Encode(pixels, MagickFormat.Bmp),
        _ => EncodePng(pixels),
    };

    /// <summary>Lossless PNG.</summary>
    public static byte[] EncodePng(PixelImage pixels) => Encode(pixels, MagickFormat.Png);

    /// <summary>
    /// Baseline JPEG from Magick.NET (libjpeg-turbo inside) with optimised Huffman tables (ImageMagick's
    /// default, stated anyway), metadata stripped.
    /// </summary>
    /// <param name="pixels">The image.</param>
    /// <param name="quality">libjpeg quality, 1 to 100.</param>
    /// <param name="samplingFactor">libjpeg's luma sampling factors ("2x2" = 4:2:0); null: ImageMagick's choice for the quality.</param>
    public static byte[] EncodeJpeg(PixelImage pixels, int quality, string? samplingFactor = null)
    {
        MagickSecurity.EnsureApplied();
        using var image = MagickPixelConverter.ToMagickImage(pixels);
        image.Strip();
        image.Quality = (uint)quality;
        if (samplingFactor is not null)
            image.Settings.SetDefine(MagickFormat.Jpeg, "sampling-factor", samplingFactor);
        image.Settings.SetDefine(MagickFormat.Jpeg, "optimize-coding", "true");
        image.Settings.Interlace = Interlace.NoInterlace;
        return image.ToByteArray(MagickFormat.Jpeg);
    }

    /// <summary>
    /// Pixels of a JPEG this library wrote (or had Magick.NET write): our own bytes, but decoded as
    /// JPEG only and under the same engine policy as any input.
    /// </summary>
    /// <param name="jpeg">The file's bytes.</param>
    /// <param name="keepGrey">Keep a one-channel image grey (otherwise RGB).</param>
    public static PixelImage DecodeJpeg(byte[] jpeg, bool keepGrey)
    {
        MagickSecurity.EnsureApplied();
        using var decoded = new MagickImage(jpeg, new MagickReadSettings { Format = MagickFormat.Jpeg });
        return MagickPixelConverter.ToPixelImage(decoded, keepGrey);
    }

    private static byte[] Encode(PixelImage pixels, MagickFormat format)
    {
        MagickSecurity.EnsureApplied();
        using var image = MagickPixelConverter.ToMagickImage(pixels);
        return image.ToByteArray(format);
    }
}
