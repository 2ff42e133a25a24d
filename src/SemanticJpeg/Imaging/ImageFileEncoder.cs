using ImageMagick;

namespace SemanticJpeg.Imaging;

/// <summary>
/// Encodes a <see cref="PixelImage"/> in the format a file name's extension asks for (PNG when
/// the extension names nothing we write). Lives here, not in the cmdlets, so that the cmdlet
/// assembly never names a Magick.NET type (see SemanticJpeg.PowerShell/Loading).
/// </summary>
internal static class ImageFileEncoder
{
    public static byte[] EncodeFor(string path, PixelImage pixels)
    {
        using var image = MagickPixelConverter.ToMagickImage(pixels);
        var format = Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".jpg" or ".jpeg" => MagickFormat.Jpeg,
            ".webp" => MagickFormat.WebP,
            ".tif" or ".tiff" => MagickFormat.Tiff,
            ".bmp" => MagickFormat.Bmp,
            _ => MagickFormat.Png,
        };
        if (format == MagickFormat.Jpeg)
            image.Quality = 90;
        return image.ToByteArray(format);
    }
}
