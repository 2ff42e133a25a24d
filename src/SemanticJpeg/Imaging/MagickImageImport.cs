using System.Reflection;
using ImageMagick;
using SemanticJpeg.Pipeline;

namespace SemanticJpeg.Imaging;

/// <summary>
/// Normalises a Magick.NET image a caller already holds, whichever Magick.NET it comes from. In the
/// PowerShell module our Magick.NET lives in a private load context, so a user's
/// <c>[ImageMagick.MagickImage]</c> is another copy of the library (maybe another version, Q16 or
/// HDRI): a different type to the runtime. Such an image is handed over as TIFF, lossless and
/// carrying what the normalisation needs (ICC profile, orientation, CMYK, alpha, 16-bit samples),
/// and then read like a file, through the same checks.
/// </summary>
internal static class MagickImageImport
{
    public static LoadedImage Load(object image, ImageLoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image is IMagickImage<byte> own)
            return ImageLoader.FromMagickImage(own, options);

        var type = image.GetType();
        var name = type.GetProperty("FileName")?.GetValue(image) as string;
        name = string.IsNullOrEmpty(name) ? "<image>" : name;
        var toByteArray = type.GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .FirstOrDefault(m => m.Name == "ToByteArray" && m.ReturnType == typeof(byte[])
                && m.GetParameters() is [{ ParameterType: { IsEnum: true, Name: "MagickFormat" } }]);
        if (toByteArray is null)
            throw new SemanticJpegException(SemanticJpegErrorCode.InvalidArgument,
                $"'{name}' is a {type.FullName} from {type.Assembly.GetName().Name}, not a Magick.NET image.");

        CheckDeclaredSize(image, type, name, options.MaxPixels);
        var tiff = Enum.Parse(toByteArray.GetParameters()[0].ParameterType, "Tiff");
        byte[] data;
        try
        {
            data = (byte[])toByteArray.Invoke(image, [tiff])!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            // A disposed image, or one its own Magick.NET cannot write.
            throw new SemanticJpegException(SemanticJpegErrorCode.InvalidImage,
                $"'{name}' could not be read from its Magick.NET ({e.InnerException.GetType().Name}: {e.InnerException.Message.Split(" @ ")[0]}).", e.InnerException);
        }
        using var stream = new MemoryStream(data, writable: false);
        return ImageLoader.Load(stream, name, options);
    }

    /// <summary>Refuses an oversized image before exporting it (the export would copy every pixel).</summary>
    private static void CheckDeclaredSize(object image, Type type, string name, long maxPixels)
    {
        var width = type.GetProperty("Width")?.GetValue(image);
        var height = type.GetProperty("Height")?.GetValue(image);
        if (width is null || height is null)
            return;
        long pixels = Convert.ToInt64(width) * Convert.ToInt64(height);
        if (pixels > maxPixels)
            throw new SemanticJpegException(SemanticJpegErrorCode.ImageTooLarge,
                $"'{name}' has {width}x{height} pixels ({pixels / 1e6:0.#} MP), above the limit of {maxPixels / 1e6:0.#} MP. " +
                "Raise -MaxMegapixels if the image is genuine.");
    }
}
