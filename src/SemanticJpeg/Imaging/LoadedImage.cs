namespace SemanticJpeg.Imaging;

/// <summary>A decoded, upright, sRGB (or grey), alpha-free image plus the metadata worth carrying.</summary>
public sealed class LoadedImage
{
    internal LoadedImage(PixelImage pixels, string format)
    {
        Pixels = pixels;
        Format = format;
    }

    /// <summary>The first frame's pixels: upright (EXIF orientation applied), sRGB or grey, alpha flattened onto the background.</summary>
    public PixelImage Pixels { get; }

    /// <summary>ImageMagick's name of the source format (PNG, JPEG, TIFF ...).</summary>
    public string Format { get; }

    /// <summary>EXIF TIFF payload (after the "Exif\0\0" header), orientation already reset to 1.</summary>
    public byte[]? Exif { get; init; }

    /// <summary>Frames in the source; only the first is converted.</summary>
    public int FrameCount { get; init; } = 1;

    /// <summary>Things the user should know because output may differ from expectations (first frame only).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Routine normalisations worth a verbose message (colour profile converted to sRGB).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
