namespace SemanticJpeg.Imaging;

/// <summary>
/// RGB pixels with R = G = B everywhere carry no colour. libjpeg (through ImageMagick) writes them as
/// a one-component JPEG, which is what -Quality mode measures its budget against, so our writer must
/// see them as grey too; it is also simply the smaller file.
/// </summary>
internal static class NeutralGrey
{
    public static bool IsNeutral(PixelImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.IsGrey) return true;
        var p = image.Pixels;
        for (int i = 0; i < p.Length; i += 3)
            if (p[i] != p[i + 1] || p[i] != p[i + 2])
                return false;
        return true;
    }

    /// <summary>The image itself if grey or coloured; a one-channel copy if its RGB pixels are neutral.</summary>
    public static PixelImage Collapse(PixelImage image)
    {
        if (image.IsGrey || !IsNeutral(image)) return image;
        var grey = new byte[image.PixelCount];
        for (long i = 0; i < grey.Length; i++) grey[i] = image.Pixels[3 * i];
        return new PixelImage(image.Width, image.Height, 1, grey);
    }
}
