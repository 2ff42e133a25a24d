using ImageMagick;

namespace SemanticJpeg.Imaging;

/// <summary>
/// The one door through which SemanticJpeg reads image files (inputs, masks, saliency maps, the
/// references of Measure-ImageQuality). The format is decided from the content and checked against
/// an allow-list (<see cref="FormatGate"/>), the file is decoded by that format's coder only, under
/// the engine policy and limits of <see cref="MagickSecurity"/>, and normalised for our encoder:
/// first frame only, EXIF orientation applied to the pixels, colour converted to sRGB through its
/// ICC profile (CMYK without a profile through a standard SWOP profile), alpha flattened onto a
/// background colour, 16-bit reduced to 8-bit (Q8 build). Failures become
/// <see cref="SemanticJpegException"/>s with a stable code, so callers never see a raw Magick.NET
/// exception.
/// </summary>
public static class ImageLoader
{
    /// <summary>Reads and normalises an image file; see the class remarks for the rules applied.</summary>
    public static LoadedImage Load(string path, ImageLoadOptions? options = null)
    {
        options ??= new ImageLoadOptions();
        CheckReadableFile(path);
        try
        {
            using var file = File.OpenRead(path);
            return Load(file, path, options);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new SemanticJpegException(SemanticJpegErrorCode.AccessDenied, $"Cannot read '{path}': permission denied.", e);
        }
    }

    /// <summary>Loads from a seekable stream; <paramref name="displayName"/> is used in messages (and its extension only to recognise TGA, which has no signature).</summary>
    public static LoadedImage Load(Stream stream, string displayName, ImageLoadOptions options)
    {
        using var image = ReadFirstFrame(stream, displayName, options, out int frames);
        var warnings = new List<string>();
        if (frames > 1)
            warnings.Add($"'{displayName}' has {frames} frames; only the first was converted.");
        return Normalise(image, displayName, options, frames, warnings);
    }

    /// <summary>
    /// The first frame as stored (no orientation, colour conversion or alpha flattening), through the
    /// same door and checks as <see cref="Load(string, ImageLoadOptions?)"/>: for masks and maps, whose
    /// values (and alpha) must reach the caller unchanged. The caller disposes the image.
    /// </summary>
    internal static MagickImage ReadFirstFrame(string path, ImageLoadOptions options)
    {
        CheckReadableFile(path);
        try
        {
            using var file = File.OpenRead(path);
            return ReadFirstFrame(file, path, options, out _);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new SemanticJpegException(SemanticJpegErrorCode.AccessDenied, $"Cannot read '{path}': permission denied.", e);
        }
    }

    private static MagickImage ReadFirstFrame(Stream stream, string displayName, ImageLoadOptions options, out int frames)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(options);
        MagickSecurity.EnsureApplied();
        var format = FormatGate.Admit(stream, displayName, options);
        uint tiffSamples = 0;
        if (format.Coder == MagickFormat.Tiff)
        {
            var (pages, samples) = TiffDirectoryWalker.Walk(stream, MagickSecurity.MaxFrames);
            if (pages > MagickSecurity.MaxFrames) throw TooManyFrames(displayName);
            tiffSamples = (uint)samples;
        }
        (frames, var width, var height, var channels) = Ping(stream, displayName, format);
        channels = Math.Max(channels, tiffSamples);
        CheckPixelLimit(displayName, width, height, options.MaxPixels);
        CheckDecodeBytes(displayName, width, height, channels, options.MaxDecodeBytes);
        stream.Position = 0;

        var settings = new MagickReadSettings { Format = format.Coder, FrameIndex = 0, FrameCount = 1 };
        var image = new MagickImage();
        var damage = new List<string>();
        image.Warning += (_, e) =>
        {
            // Corrupt-image warnings mean lost pixels (truncated data, bad CRC); coder warnings such
            // as "iCCP: PCS illuminant is not D50" are about metadata and the pixels are fine.
            if (e.Exception is MagickCorruptImageWarningException)
                damage.Add(e.Message);
        };
        try
        {
            image.Read(stream, settings);
        }
        catch (MagickException e)
        {
            image.Dispose();
            throw DecodeFailure(displayName, format, e);
        }
        // A truncated or damaged file often decodes "successfully" with a corrupt-image warning and
        // grey/garbage pixels; converting that would silently lose the photo, so it is an error.
        if (damage.Count > 0)
        {
            image.Dispose();
            throw new SemanticJpegException(SemanticJpegErrorCode.InvalidImage,
                $"'{displayName}' is damaged: {damage[0].Split(" @ ")[0]}");
        }
        return image;
    }

    /// <summary>
    /// Normalises an image the caller already holds (Magick.NET plug-in path, <c>-InputObject</c>);
    /// the input is not modified. The caller decoded it, so it is trusted: no format check applies.
    /// </summary>
    public static LoadedImage FromMagickImage(IMagickImage<byte> source, ImageLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        MagickSecurity.EnsureApplied();
        options ??= new ImageLoadOptions();
        var name = string.IsNullOrEmpty(source.FileName) ? "<image>" : source.FileName!;
        CheckPixelLimit(name, source.Width, source.Height, options.MaxPixels);
        using var copy = (MagickImage)source.Clone();
        return Normalise(copy, name, options, 1, []);
    }

    private static LoadedImage Normalise(MagickImage image, string name, ImageLoadOptions options, int frames, List<string> warnings)
    {
        string format = image.Format.ToString().ToUpperInvariant();
        image.AutoOrient();
        var notes = new List<string>();
        ConvertToSrgb(image, name, notes, warnings);

        if (image.HasAlpha)
        {
            image.BackgroundColor = ParseColour(options.Background);
            image.Alpha(AlphaAction.Remove);
            image.Alpha(AlphaAction.Off);
        }
        image.Depth = 8;

        byte[]? exif = options.KeepExif ? MetadataGuard.ExifPayload(image, name, warnings) : null;
        // Palette PNGs and GIFs of grey pixels report an sRGB colour space; a one-component JPEG
        // of them is smaller and decodes identically, so ask for the pixels' real colour type.
        bool grey = image.ColorSpace == ColorSpace.Gray || image.DetermineColorType() is ColorType.Grayscale or ColorType.Bilevel;
        if (grey && image.ColorSpace != ColorSpace.Gray)
            image.ColorSpace = ColorSpace.Gray;
        var pixels = MagickPixelConverter.ToPixelImage(image);
        return new LoadedImage(pixels, format) { Exif = exif, FrameCount = frames, Warnings = warnings, Notes = notes };
    }

    private static void ConvertToSrgb(MagickImage image, string name, List<string> notes, List<string> warnings)
    {
        var profile = MetadataGuard.ColorProfile(image, name, warnings);
        if (image.ColorSpace is ColorSpace.CMYK)
        {
            // Without an embedded profile, CMYK is interpreted as US Web Coated SWOP, the common
            // default of print workflows (what Photoshop and ImageMagick assume too).
            if (profile is not null && !TryTransform(image, name, warnings))
                profile = null;
            if (profile is null)
                image.TransformColorSpace(ColorProfiles.USWebCoatedSWOP, ColorProfiles.SRGB);
            image.RemoveProfile("icc");
            return;
        }
        if (profile is not null && image.ColorSpace != ColorSpace.Gray && !IsSrgbProfile(profile))
        {
            // Wide-gamut sources (Display P3, Adobe RGB, Rec.2020) are converted so that every
            // viewer, colour-managed or not, shows the intended colours from an untagged JPEG.
            if (TryTransform(image, name, warnings))
                notes.Add($"'{name}' had the colour profile '{profile.Description}'; converted to sRGB.");
        }
        image.RemoveProfile("icc");
        if (image.ColorSpace is not (ColorSpace.sRGB or ColorSpace.Gray or ColorSpace.RGB))
            image.ColorSpace = ColorSpace.sRGB;
    }

    /// <summary>Converts through the embedded profile; a profile lcms rejects is dropped with a warning.</summary>
    private static bool TryTransform(MagickImage image, string name, List<string> warnings)
    {
        try
        {
            image.TransformColorSpace(ColorProfiles.SRGB);
            return true;
        }
        catch (MagickException e)
        {
            MetadataGuard.Drop(image, name, warnings, e);
            return false;
        }
    }

    private static bool IsSrgbProfile(IColorProfile profile)
    {
        var d = profile.Description ?? string.Empty;
        return d.Contains("sRGB", StringComparison.OrdinalIgnoreCase) || d.Contains("IEC 61966-2", StringComparison.OrdinalIgnoreCase);
    }

    private static (int Frames, uint Width, uint Height, uint Channels) Ping(Stream stream, string name, InputFormat format)
    {
        try
        {
            using var frames = new MagickImageCollection();
            frames.Ping(stream, new MagickReadSettings { Format = format.Coder });
            if (frames.Count == 0)
                throw new SemanticJpegException(SemanticJpegErrorCode.InvalidImage, $"'{name}' contains no image.");
            if (frames.Count > MagickSecurity.MaxFrames)
                throw TooManyFrames(name);
            return (frames.Count, frames[0].Width, frames[0].Height, frames[0].ChannelCount);
        }
        catch (MagickException e)
        {
            throw DecodeFailure(name, format, e);
        }
    }

    private static SemanticJpegException TooManyFrames(string name) =>
        new(SemanticJpegErrorCode.ImageTooLarge, $"'{name}' has more than {MagickSecurity.MaxFrames:N0} frames (pages); it is refused before decoding.");

    private static void CheckDecodeBytes(string name, uint width, uint height, uint channels, long maxBytes)
    {
        // Q8: one byte per channel per pixel in ImageMagick's pixel cache.
        long bytes = (long)width * height * Math.Max(channels, 1u);
        if (bytes > maxBytes)
            throw new SemanticJpegException(SemanticJpegErrorCode.ImageTooLarge,
                $"'{name}' declares {width}x{height} pixels with {channels} channels: decoding needs {bytes / 1e9:0.#} GB, above the limit of {maxBytes / 1e9:0.#} GB.");
    }

    private static void CheckPixelLimit(string name, uint width, uint height, long maxPixels)
    {
        long pixels = (long)width * height;
        if (pixels > maxPixels)
            throw new SemanticJpegException(SemanticJpegErrorCode.ImageTooLarge,
                $"'{name}' declares {width}x{height} pixels ({pixels / 1e6:0.#} MP), above the limit of {maxPixels / 1e6:0.#} MP. " +
                "Raise -MaxMegapixels if the image is genuine.");
    }

    private static void CheckReadableFile(string path)
    {
        if (Directory.Exists(path))
            throw new SemanticJpegException(SemanticJpegErrorCode.PathIsDirectory, $"'{path}' is a directory, not an image file.");
        var info = new FileInfo(path);
        if (!info.Exists)
            throw new SemanticJpegException(SemanticJpegErrorCode.FileNotFound, $"'{path}' does not exist.");
        if (info.Length == 0)
            throw new SemanticJpegException(SemanticJpegErrorCode.EmptyFile, $"'{path}' is empty (0 bytes).");
    }

    private static SemanticJpegException DecodeFailure(string name, InputFormat format, MagickException e)
    {
        // ImageMagick's messages end with "@ error/png.c/ReadPNGImage/4293"; keep the reason only.
        var reason = e.Message.Split(" @ ")[0].Trim().TrimEnd('`', '\'', ' ', '.');
        switch (e)
        {
            case MagickResourceLimitErrorException when reason.Contains("list length", StringComparison.OrdinalIgnoreCase):
                return TooManyFrames(name);
            case MagickResourceLimitErrorException or MagickCacheErrorException:
                return new SemanticJpegException(SemanticJpegErrorCode.ImageTooLarge,
                    $"'{name}' exceeds a decoding limit ({reason}); the limits are listed in about_SemanticJpeg.", e);
            case MagickPolicyErrorException when format.Kind == InputFormatKind.Vector:
                // A reference the scanner let through, stopped by the engine policy.
                return new SemanticJpegException(SemanticJpegErrorCode.ExternalReference,
                    $"'{name}' refers to something outside itself, which the security policy refused.", e);
            case MagickPolicyErrorException:
                return new SemanticJpegException(SemanticJpegErrorCode.UnsupportedFormat,
                    $"'{name}' needs a reader that the security policy does not allow.", e);
        }
        var what = e switch
        {
            MagickMissingDelegateErrorException => "its format is not an image format that can be read",
            MagickCorruptImageErrorException => "it is corrupt or truncated",
            _ => "it cannot be decoded",
        };
        return new SemanticJpegException(SemanticJpegErrorCode.InvalidImage,
            $"'{name}' is not a readable {format.Name} image: {what} ({reason}).", e);
    }

    private static MagickColor ParseColour(string colour)
    {
        try
        {
            return new MagickColor(colour);
        }
        catch (Exception e) when (e is MagickException or ArgumentException)
        {
            throw new SemanticJpegException(SemanticJpegErrorCode.InvalidArgument, $"'{colour}' is not a colour (use a name like white or #rrggbb).", e);
        }
    }
}
