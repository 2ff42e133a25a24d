using ImageMagick;

namespace SemanticJpeg.Imaging;

/// <summary>
/// Reads the metadata we carry or use (EXIF into the output, the ICC profile for colour conversion)
/// defensively: a segment that is oversize or does not parse is dropped with a warning, never copied
/// blindly and never allowed to stop the conversion.
/// </summary>
internal static class MetadataGuard
{
    /// <summary>
    /// An APP1 segment holds at most 65,533 payload bytes (ITU T.81 B.1.1.4: 16-bit length including
    /// itself); minus the 6-byte "Exif\0\0" header. EXIF has no multi-segment form, so anything
    /// larger cannot be carried.
    /// </summary>
    public const int MaxExifBytes = 65_533 - 6;

    private static ReadOnlySpan<byte> ExifHeader => "Exif\0\0"u8;

    /// <summary>The EXIF TIFF payload with orientation reset to 1, or null (none, oversize or malformed).</summary>
    public static byte[]? ExifPayload(MagickImage image, string name, List<string> warnings)
    {
        var raw = image.GetProfile("exif")?.ToByteArray();
        if (raw is null || raw.Length == 0) return null;
        if (raw.Length > MaxExifBytes + ExifHeader.Length)
        {
            warnings.Add($"'{name}' has {raw.Length:N0} bytes of EXIF, more than a JPEG segment holds; EXIF was dropped.");
            return null;
        }
        try
        {
            var exif = image.GetExifProfile();
            if (exif is null) return null;
            // The pixels are upright now; a viewer must not rotate them again.
            exif.SetValue(ExifTag.Orientation, (ushort)1);
            var bytes = exif.ToByteArray();
            if (bytes is null || bytes.Length == 0) return null;
            var payload = bytes.AsSpan().StartsWith(ExifHeader) ? bytes[ExifHeader.Length..] : bytes;
            if (payload.Length > MaxExifBytes)
            {
                warnings.Add($"'{name}' has EXIF that grows beyond a JPEG segment when rewritten; EXIF was dropped.");
                return null;
            }
            return payload;
        }
        catch (Exception e) when (e is MagickException or ArgumentException or InvalidOperationException or IndexOutOfRangeException or OverflowException)
        {
            warnings.Add($"'{name}' has malformed EXIF ({e.GetType().Name}); EXIF was dropped.");
            return null;
        }
    }

    /// <summary>The embedded ICC profile, or null when there is none or it cannot be parsed (then it is removed).</summary>
    public static IColorProfile? ColorProfile(MagickImage image, string name, List<string> warnings)
    {
        try
        {
            return image.GetColorProfile();
        }
        catch (Exception e) when (e is MagickException or ArgumentException or InvalidOperationException or IndexOutOfRangeException)
        {
            Drop(image, name, warnings, e);
            return null;
        }
    }

    /// <summary>Removes an ICC profile that lcms refused, so the pixels are taken as sRGB.</summary>
    public static void Drop(MagickImage image, string name, List<string> warnings, Exception e)
    {
        warnings.Add($"'{name}' has an ICC profile that cannot be used ({e.Message.Split(" @ ")[0]}); it was dropped and the pixels taken as sRGB.");
        image.RemoveProfile("icc");
        image.RemoveProfile("icm");
    }
}
