namespace SemanticJpeg.Imaging;

/// <summary>
/// An 8-bit image in memory: interleaved samples, 1 channel (grey) or 3 channels (R, G, B), rows
/// top to bottom with no padding. This is the hand-off format between the Magick.NET reader and
/// our own stages (saliency, JPEG writer, metrics), so none of them depends on Magick.NET.
/// </summary>
public sealed class PixelImage
{
    /// <summary>Wraps <paramref name="pixels"/> (not copied): <paramref name="width"/> x <paramref name="height"/> x <paramref name="channels"/> bytes, interleaved, rows top to bottom.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size that is not positive, or <paramref name="channels"/> other than 1 or 3.</exception>
    /// <exception cref="ArgumentException"><paramref name="pixels"/> has the wrong length.</exception>
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

    /// <summary>A black image of the given size (1 or 3 channels).</summary>
    public PixelImage(int width, int height, int channels)
        : this(width, height, channels, new byte[checked(width * height * channels)])
    {
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>1 for grey, 3 for RGB.</summary>
    public int Channels { get; }

    /// <summary>Interleaved samples, <c>Width * Height * Channels</c> bytes.</summary>
    public byte[] Pixels { get; }

    /// <summary>True for one channel (grey), false for RGB.</summary>
    public bool IsGrey => Channels == 1;

    /// <summary>Width x Height.</summary>
    public long PixelCount => (long)Width * Height;

    /// <summary>The samples of row <paramref name="y"/> (0 = top): Width x Channels bytes, writable.</summary>
    public Span<byte> Row(int y) => Pixels.AsSpan(y * Width * Channels, Width * Channels);
}
