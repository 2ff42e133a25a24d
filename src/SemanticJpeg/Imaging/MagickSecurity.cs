using ImageMagick;
using ImageMagick.Configuration;

namespace SemanticJpeg.Imaging;

/// <summary>
/// ImageMagick's own defences, set the way its <c>policy.xml</c> sets them, for the whole process:
/// every coder off except the allow-listed raster formats (plus, for reading only, MSVG for
/// opted-in SVG and MVG, the drawing language ImageMagick's SVG renderer draws through, which
/// SemanticJpeg itself never hands a file to; and XC, the solid-colour canvas Magick.NET uses
/// internally), every delegate (external program such as
/// Ghostscript or curl) off, indirect reads (<c>@file</c>) and pipes off, and resource limits on
/// dimensions, frames, memory, disk and profile size. SemanticJpeg calls <see cref="EnsureApplied"/>
/// before it decodes anything, so C# callers get the same protection as the cmdlets.
/// </summary>
/// <remarks>
/// ImageMagick reads its policy once, at its first use in the process; a policy given later is
/// ignored. If the host used Magick.NET before SemanticJpeg, <see cref="IsEnginePolicyInForce"/> is
/// false: raster input stays safe (SemanticJpeg chooses the coder itself, from the content), but
/// vector input is refused. Call <see cref="EnsureApplied"/> first thing to avoid that. The limits
/// (<see cref="ResourceLimits"/>) can be set at any time and always apply.
/// </remarks>
public static class MagickSecurity
{
    /// <summary>
    /// Frames (pages) a file may hold: above it the file is refused before decoding. Only the first
    /// frame is converted, so legitimate animations lose nothing; 1,000 is ~40 s of 25 fps GIF.
    /// </summary>
    public const int MaxFrames = 1_000;

    /// <summary>
    /// Largest width or height ImageMagick (and libpng, which it hands the limit to) accepts. Far
    /// above real images (gigapixel panoramas are ~200,000 wide) so that the area check of
    /// <see cref="ImageLoadOptions.MaxPixels"/> decides, with its clear message, for any plausible
    /// size; what is left are absurd headers, refused by the reader before any row is allocated.
    /// </summary>
    public const int MaxDimension = 1_000_000;

    /// <summary>
    /// ImageMagick's pixel cache in memory. Q8 holds 4 bytes per RGBA pixel: the 200 MP default of
    /// <see cref="ImageLoadOptions.MaxPixels"/> is 800 MB, so 4 GiB leaves room for two conversions
    /// in parallel and the colour-conversion copies.
    /// </summary>
    public const long MaxPixelCacheBytes = 4L << 30;

    /// <summary>Largest single ICC/EXIF/XMP profile ImageMagick keeps; real ICC profiles are under 4 MB.</summary>
    public const long MaxProfileBytes = 16L << 20;

    private static readonly Lazy<bool> Applied = new(Apply, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Installs the policy and the limits once; later calls return at once.</summary>
    public static void EnsureApplied() => _ = Applied.Value;

    /// <summary>True when ImageMagick runs under this policy (false when it was in use before SemanticJpeg).</summary>
    public static bool IsEnginePolicyInForce => Applied.Value;

    /// <summary>The <c>policy.xml</c> SemanticJpeg installs.</summary>
    public static string PolicyXml { get; } = BuildPolicy();

    private static string BuildPolicy()
    {
        // Later entries override earlier ones for the same coder, so "all off" comes first. Each
        // allowed format is listed with the aliases ImageMagick registers for it (PNG24, TIF, ...).
        string[] rasterCoders =
        [
            "JPEG", "JPG", "JPE", "PJPEG", "PNG", "PNG8", "PNG24", "PNG32", "PNG48", "PNG64", "PNG00",
            "GIF", "GIF87", "BMP", "BMP2", "BMP3", "DIB", "TIFF", "TIF", "TIFF64", "WEBP",
            "PNM", "PPM", "PGM", "PBM", "PAM", "PFM", "TGA", "ICB", "VDA", "VST", "ICO", "ICON", "CUR",
            "HEIC", "HEIF", "AVIF", "JXL", "JP2", "J2K", "J2C", "JPC", "JPT", "QOI", "PSD",
        ];
        return $$"""
            <policymap>
              <policy domain="delegate" rights="none" pattern="*" />
              <policy domain="coder" rights="none" pattern="*" />
              <policy domain="coder" rights="read | write" pattern="{{{string.Join(',', rasterCoders)}}}" />
              <policy domain="coder" rights="read | write" pattern="XC" />
              <policy domain="coder" rights="read" pattern="{MSVG,MVG}" />
              <policy domain="path" rights="none" pattern="@*" />
              <policy domain="path" rights="none" pattern="|*" />
            </policymap>
            """;
    }

    private static bool Apply()
    {
        var files = ConfigurationFiles.Default;
        files.Policy.Data = PolicyXml;
        files.Delegates.Data = "<delegatemap></delegatemap>";
        string folder = MagickNET.Initialize(files);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete(folder);

        ResourceLimits.Width = MaxDimension;
        ResourceLimits.Height = MaxDimension;
        ResourceLimits.ListLength = MaxFrames;
        ResourceLimits.Memory = Math.Min(ResourceLimits.Memory, MaxPixelCacheBytes);
        // No pixel cache on disk: an image that does not fit in memory fails instead of filling /tmp.
        ResourceLimits.Disk = 0;
        ResourceLimits.MaxProfileSize = MaxProfileBytes;
        // ImageMagick's "time" limit counts from the process's first use, not per image: in a long
        // PowerShell session it would end all later reads, so time is bounded by the limits above.
        return ProbePolicy();
    }

    /// <summary>PLASMA (a generated fractal) is off in our policy and on in ImageMagick's default.</summary>
    private static bool ProbePolicy()
    {
        try
        {
            using var probe = new MagickImage("plasma:", new MagickReadSettings { Width = 1, Height = 1 });
            return false;
        }
        catch (MagickPolicyErrorException)
        {
            return true;
        }
        catch (MagickException)
        {
            return false;
        }
    }

    private static void TryDelete(string folder)
    {
        try { Directory.Delete(folder, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
