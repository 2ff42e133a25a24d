namespace SemanticJpeg.Imaging;

/// <summary>How <see cref="ImageLoader"/> turns a file into pixels for encoding.</summary>
public sealed record ImageLoadOptions
{
    /// <summary>
    /// Decompression-bomb guard: images whose header declares more pixels are refused before any
    /// pixel memory is allocated. 200 MP covers every camera sensor in production (the largest
    /// consumer sensors are ~100 MP) while capping the decode at ~600 MB of RGB.
    /// </summary>
    public const long DefaultMaxPixels = 200_000_000;

    public long MaxPixels { get; init; } = DefaultMaxPixels;

    /// <summary>Colour that transparent pixels are flattened onto (any ImageMagick colour name or #rrggbb).</summary>
    public string Background { get; init; } = "white";

    /// <summary>Keep EXIF (with orientation reset after it was applied to the pixels).</summary>
    public bool KeepExif { get; init; } = true;
}
