using System.Reflection;
using ImageMagick;

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
        var name = FileNameOf(image) ?? "<image>";
        var toByteArray = type.GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .FirstOrDefault(m => m.Name == "ToByteArray" && m.ReturnType == typeof(byte[])
                && m.GetParameters() is [{ ParameterType: { IsEnum: true, Name: "MagickFormat" } }]);
        var clone = type.GetMethod("Clone", Type.EmptyTypes);
        if (toByteArray is null || clone is null)
            throw new SemanticJpegException(SemanticJpegErrorCode.InvalidArgument,
                $"'{name}' is a {type.FullName} from {type.Assembly.GetName().Name}, not a Magick.NET image.");

        var tiff = Enum.Parse(toByteArray.GetParameters()[0].ParameterType, "Tiff");
        byte[] data;
        try
        {
            CheckDeclaredSize(image, type, name, options.MaxPixels);
            // Writing resets the image's FileName (ImageMagick's blob writer); the caller's image
            // must come back untouched, and a clone shares its pixels until written to.
            using var copy = (IDisposable)clone.Invoke(image, null)!;
            data = (byte[])toByteArray.Invoke(copy, [tiff])!;
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

    /// <summary>The image's FileName, or null when it has none or cannot say (a disposed image).</summary>
    public static string? FileNameOf(object image)
    {
        try
        {
            var name = image.GetType().GetProperty("FileName")?.GetValue(image) as string;
            return string.IsNullOrEmpty(name) ? null : name;
        }
        catch (TargetInvocationException)
        {
            return null;
        }
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
