using ImageMagick;

namespace SemanticJpeg.Imaging;

/// <summary>
/// The allow-list check in front of every decode: the format comes from the content
/// (<see cref="FormatSniffer"/>), raster formats on the list pass, opted-in SVG passes only when it
/// is self-contained and the engine policy is in force, everything else is refused with
/// <see cref="SemanticJpegErrorCode.UnsupportedFormat"/> before any coder has seen a byte.
/// </summary>
internal static class FormatGate
{
    /// <summary>The format to decode <paramref name="stream"/> with; the stream is left at position 0.</summary>
    public static InputFormat Admit(Stream stream, string name, ImageLoadOptions options)
    {
        var head = new byte[FormatSniffer.HeadLength];
        stream.Position = 0;
        int length = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        stream.Position = 0;
        var format = FormatSniffer.Detect(head.AsSpan(0, length), name);
        switch (format.Kind)
        {
            case InputFormatKind.Raster:
                return format;
            case InputFormatKind.Vector:
                AdmitVector(stream, name, options);
                return format;
            case InputFormatKind.Script:
                throw Unsupported(name, $"it is {format.Name}, a drawing or page-description language that can read files and run commands; SemanticJpeg never reads it, whatever the file is called");
            default:
                throw Unrecognised(head.AsSpan(0, length).ToArray(), name);
        }
    }

    private static void AdmitVector(Stream stream, string name, ImageLoadOptions options)
    {
        if (!options.AllowVectorInput)
            throw Unsupported(name, "it is SVG, a vector format that can refer to other files; only raster formats are read unless -AllowVectorInput is given");
        if (!MagickSecurity.IsEnginePolicyInForce)
            throw Unsupported(name, "it is SVG, and vector input needs SemanticJpeg's ImageMagick security policy, which could not be installed because Magick.NET was in use before SemanticJpeg in this process");
        if (stream.Length > SvgReferenceScanner.MaxSvgBytes)
            throw Unsupported(name, $"it is an SVG of {stream.Length / 1e6:0.#} MB, above the {SvgReferenceScanner.MaxSvgBytes >> 20} MB accepted for vector input");
        string? reference = SvgReferenceScanner.FindExternalReference(stream);
        stream.Position = 0;
        if (reference is not null)
            throw new SemanticJpegException(SemanticJpegErrorCode.ExternalReference,
                $"'{name}' is an SVG that refers to something outside itself ({reference}); only self-contained SVG (references to '#id' inside the file) is rendered.");
    }

    /// <summary>
    /// No signature we know. With the policy in force ImageMagick may try its own detection on the
    /// first bytes (never the whole file): every coder off the list is refused by the policy before
    /// it runs, which names the format for the message. Without the policy nothing but our own
    /// sniffing is trusted.
    /// </summary>
    private static SemanticJpegException Unrecognised(byte[] head, string name)
    {
        string? detected = null;
        if (MagickSecurity.IsEnginePolicyInForce)
        {
            try
            {
                using var probe = new MagickImageCollection();
                probe.Ping(head);
                detected = probe.Count > 0 ? probe[0].Format.ToString().ToUpperInvariant() : null;
            }
            catch (MagickPolicyErrorException e)
            {
                detected = QuotedName(e.Message);
            }
            catch (MagickException)
            {
            }
        }
        if (detected is null)
            return new SemanticJpegException(SemanticJpegErrorCode.InvalidImage,
                $"'{name}' is not a readable image: its content is not one of the formats SemanticJpeg reads ({AllowedNames()}).");
        return Unsupported(name, $"its content is {detected}, which is not on the allow-list");
    }

    private static SemanticJpegException Unsupported(string name, string why) =>
        new(SemanticJpegErrorCode.UnsupportedFormat, $"'{name}' is refused: {why}. Formats read: {AllowedNames()}.");

    internal static string AllowedNames() => string.Join(", ", InputFormat.AllowedRaster.Select(f => f.Name).Distinct());

    /// <summary>ImageMagick quotes the coder as `NAME' in "not authorized by the security policy `NAME'".</summary>
    private static string? QuotedName(string message)
    {
        int start = message.IndexOf('`');
        int end = start < 0 ? -1 : message.IndexOf('\'', start + 1);
        if (end <= start + 1) return null;
        var coder = message[(start + 1)..end];
        // Only a coder name, never a path or file content, goes into the message.
        return coder.Length <= 16 && coder.All(char.IsAsciiLetterOrDigit) ? coder : null;
    }
}
