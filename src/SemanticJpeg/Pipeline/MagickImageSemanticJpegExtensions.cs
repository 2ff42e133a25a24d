using ImageMagick;
using SemanticJpeg.Imaging;

namespace SemanticJpeg.Pipeline;

/// <summary>
/// The semantic JPEG writer as a Magick.NET plug-in: C# users who already hold an
/// <see cref="IMagickImage{TQuantumType}"/> write it like any other format.
/// <code>
/// using var image = new MagickImage("photo.png");
/// image.WriteSemanticJpeg("photo.jpg", new SemanticJpegOptions { Quality = 75 });
/// </code>
/// The image itself is not modified (orientation, colour conversion and alpha flattening are
/// applied to a copy).
/// </summary>
public static class MagickImageSemanticJpegExtensions
{
    /// <summary>Encodes <paramref name="image"/> and writes the JPEG to <paramref name="output"/> (at its current position; not closed).</summary>
    /// <param name="image">The image (any colour space, orientation and alpha; not modified).</param>
    /// <param name="output">A writable stream.</param>
    /// <param name="options">The conversion settings; null for the defaults (quality 75, equal size to the standard JPEG).</param>
    /// <returns>The encoded file and what the encoder measured.</returns>
    /// <exception cref="SemanticJpegException">The image cannot be converted (for example a byte target below the smallest possible file, or a model that cannot load).</exception>
    public static EncodedJpeg WriteSemanticJpeg(this IMagickImage<byte> image, Stream output, SemanticJpegOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        var encoded = EncodeSemanticJpeg(image, options);
        output.Write(encoded.Data);
        return encoded;
    }

    /// <summary>Writes atomically: the file is either complete or not there. Overwrites an existing file.</summary>
    public static EncodedJpeg WriteSemanticJpeg(this IMagickImage<byte> image, string path, SemanticJpegOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var encoded = EncodeSemanticJpeg(image, options);
        AtomicFileWriter.Write(path, encoded.Data, overwrite: true);
        return encoded;
    }

    /// <summary>Encodes <paramref name="image"/> in memory; nothing is written.</summary>
    /// <param name="image">The image (any colour space, orientation and alpha; not modified).</param>
    /// <param name="options">The conversion settings; null for the defaults.</param>
    /// <returns>The file in <see cref="EncodedJpeg.Data"/>, with its map and measurements.</returns>
    /// <exception cref="SemanticJpegException">The image cannot be converted.</exception>
    public static EncodedJpeg EncodeSemanticJpeg(this IMagickImage<byte> image, SemanticJpegOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        options ??= new SemanticJpegOptions();
        var loaded = ImageLoader.FromMagickImage(image, new ImageLoadOptions { KeepExif = !options.StripMetadata });
        return SemanticJpegEncoder.Encode(loaded, options);
    }
}
