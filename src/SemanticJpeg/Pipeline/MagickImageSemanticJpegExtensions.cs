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

    public static EncodedJpeg EncodeSemanticJpeg(this IMagickImage<byte> image, SemanticJpegOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        options ??= new SemanticJpegOptions();
        var loaded = ImageLoader.FromMagickImage(image, new ImageLoadOptions { KeepExif = !options.StripMetadata });
        return SemanticJpegEncoder.Encode(loaded, options);
    }
}
