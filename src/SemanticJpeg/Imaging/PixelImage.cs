namespace SemanticJpeg.Imaging;

/// <summary>
/// An 8-bit image in memory: interleaved samples, 1 channel (grey) or 3 channels (R, G, B), rows
/// top to bottom with no padding. This is the hand-off format between the Magick.NET reader and
/// our own stages (saliency, JPEG writer, metrics), so none of them depends on Magick.NET.
/// </summary>
public sealed class PixelImage
{
    public PixelImage(int width, int height, int channels, byte[] pixels)
    {
        if (width <= 0 || height <= 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"Image size must be positive, got {width}x{height}.");
        if (channels is not (1 or 3))
            throw new ArgumentOutOfRangeException(nameof(channels), "Only 1 (grey) or 3 (RGB) channels are supported.");
        ArgumentNullException.ThrowIfNull(pixels);
        if (pixels.Length != (long)width * height * channels)
            throw new ArgumentException($"Expected {(long)width * height * channels} bytes for {width}x{height}x{channels}, got {pixels.Length}.", nameof(pixels));
        Width = width;
        Height = height;
        Channels = channels;
        Pixels = pixels;
    }

    public PixelImage(int width, int height, int channels)
        : this(width, height, channels, new byte[checked(width * height * channels)])
    {
    }

    public int Width { get; }
    public int Height { get; }

    /// <summary>1 for grey, 3 for RGB.</summary>
    public int Channels { get; }

    /// <summary>Interleaved samples, <c>Width * Height * Channels</c> bytes.</summary>
    public byte[] Pixels { get; }

    public bool IsGrey => Channels == 1;

    public long PixelCount => (long)Width * Height;

    public Span<byte> Row(int y) => Pixels.AsSpan(y * Width * Channels, Width * Channels);
}
