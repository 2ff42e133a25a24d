using ImageMagick;

namespace SemanticJpeg.Imaging;

/// <summary>
/// Moves pixels between Magick.NET images and our <see cref="PixelImage"/>. The image is expected to
/// be already flattened (no alpha) and in sRGB or grey; <see cref="ImageLoader"/> takes care of that.
/// </summary>
internal static class MagickPixelConverter
{
    public static PixelImage ToPixelImage(IMagickImage<byte> image, bool keepGrey = true)
    {
        ArgumentNullException.ThrowIfNull(image);
        bool grey = keepGrey && image.ColorSpace == ColorSpace.Gray && !image.HasAlpha;
        int w = (int)image.Width, h = (int)image.Height;
        using var pixels = image.GetPixelsUnsafe();
        byte[]? data = pixels.ToByteArray(0, 0, (uint)w, (uint)h, grey ? "R" : "RGB");
        if (data is null)
            throw new InvalidOperationException("Magick.NET returned no pixel data.");
        return new PixelImage(w, h, grey ? 1 : 3, data);
    }

    public static MagickImage ToMagickImage(PixelImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        MagickSecurity.EnsureApplied();
        var settings = new PixelReadSettings((uint)image.Width, (uint)image.Height, StorageType.Char, PixelMapping.RGB);
        if (image.IsGrey)
        {
            // Magick.NET reads interleaved pixels by mapping; expand grey to RGB and mark as grey.
            var rgb = new byte[image.PixelCount * 3];
            for (long i = 0; i < image.PixelCount; i++)
                rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = image.Pixels[i];
            var grey = new MagickImage();
            grey.ReadPixels(rgb, settings);
            grey.ColorSpace = ColorSpace.Gray;
            return grey;
        }
        var result = new MagickImage();
        result.ReadPixels(image.Pixels, settings);
        return result;
    }
}
