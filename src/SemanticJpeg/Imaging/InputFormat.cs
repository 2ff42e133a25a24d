using ImageMagick;

namespace SemanticJpeg.Imaging;

/// <summary>What kind of content a file holds, decided from its bytes, never from its name.</summary>
internal enum InputFormatKind
{
    /// <summary>Nothing we recognise; most likely not an image at all.</summary>
    Unknown,
    /// <summary>A plain raster format on the allow-list: decoded with its own coder only.</summary>
    Raster,
    /// <summary>SVG: read only with <see cref="ImageLoadOptions.AllowVectorInput"/> and without external references.</summary>
    Vector,
    /// <summary>A drawing or page language (MVG, MSL, PostScript, EPS, PDF, XML): never read.</summary>
    Script,
}

/// <summary>
/// One input format: its name as the user sees it and the one Magick.NET coder that may decode it.
/// Decoding with an explicit coder is the point: ImageMagick otherwise picks its reader from the
/// content, so any of its ~250 readers (MSL, MVG, TEXT, URL, ...) would be reachable from any file.
/// </summary>
internal sealed record InputFormat(string Name, InputFormatKind Kind, MagickFormat Coder)
{
    internal static InputFormat Unknown { get; } = new("unknown", InputFormatKind.Unknown, MagickFormat.Unknown);

    /// <summary>
    /// The raster formats read by default, in the order the sniffer tries them. HEIC and AVIF are
    /// read by libheif and JPEG XL by libjxl in this Magick.NET build; all are plain pixel formats
    /// whose readers never open another file.
    /// </summary>
    public static IReadOnlyList<InputFormat> AllowedRaster { get; } =
    [
        new("JPEG", InputFormatKind.Raster, MagickFormat.Jpeg),
        new("PNG", InputFormatKind.Raster, MagickFormat.Png),
        new("GIF", InputFormatKind.Raster, MagickFormat.Gif),
        new("BMP", InputFormatKind.Raster, MagickFormat.Bmp),
        new("TIFF", InputFormatKind.Raster, MagickFormat.Tiff),
        new("WebP", InputFormatKind.Raster, MagickFormat.WebP),
        new("PNM", InputFormatKind.Raster, MagickFormat.Pnm),
        new("PAM", InputFormatKind.Raster, MagickFormat.Pam),
        new("PFM", InputFormatKind.Raster, MagickFormat.Pfm),
        new("TGA", InputFormatKind.Raster, MagickFormat.Tga),
        new("ICO", InputFormatKind.Raster, MagickFormat.Ico),
        new("CUR", InputFormatKind.Raster, MagickFormat.Cur),
        new("HEIC", InputFormatKind.Raster, MagickFormat.Heic),
        new("AVIF", InputFormatKind.Raster, MagickFormat.Avif),
        new("JPEG XL", InputFormatKind.Raster, MagickFormat.Jxl),
        new("JPEG 2000", InputFormatKind.Raster, MagickFormat.Jp2),
        new("JPEG 2000 codestream", InputFormatKind.Raster, MagickFormat.J2k),
        new("QOI", InputFormatKind.Raster, MagickFormat.Qoi),
        new("PSD", InputFormatKind.Raster, MagickFormat.Psd),
    ];

    /// <summary>SVG, read through ImageMagick's own renderer (MSVG), whose sub-reads obey the engine policy (librsvg's do not).</summary>
    public static InputFormat Svg { get; } = new("SVG", InputFormatKind.Vector, MagickFormat.Msvg);

    internal static InputFormat Raster(MagickFormat coder) => AllowedRaster.First(f => f.Coder == coder);

    internal static InputFormat Script(string name) => new(name, InputFormatKind.Script, MagickFormat.Unknown);
}
