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

    /// <summary>Most pixels a file may declare (width x height of its first frame).</summary>
    public long MaxPixels { get; init; } = DefaultMaxPixels;

    /// <summary>
    /// Most memory the decoded first frame may need (width x height x channels, one byte each in
    /// this Q8 build): a file within <see cref="MaxPixels"/> that declares dozens of extra channels
    /// is refused before decoding, as is a bomb by area.
    /// </summary>
    public long MaxDecodeBytes { get; init; } = MagickSecurity.MaxPixelCacheBytes;

    /// <summary>Colour that transparent pixels are flattened onto (any ImageMagick colour name or #rrggbb).</summary>
    public string Background { get; init; } = "white";

    /// <summary>Keep EXIF (with orientation reset after it was applied to the pixels).</summary>
    public bool KeepExif { get; init; } = true;

    /// <summary>
    /// Also read SVG (rendered by ImageMagick's own renderer), provided it refers to nothing outside
    /// itself. Off by default: only the raster formats of <see cref="InputFormat.AllowedRaster"/>
    /// are read. MVG, MSL, PostScript, EPS and PDF are never read.
    /// </summary>
    public bool AllowVectorInput { get; init; }
}
