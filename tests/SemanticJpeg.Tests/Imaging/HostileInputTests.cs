using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ImageMagick;
using SemanticJpeg.Imaging;
using SemanticJpeg.Tests.TestSupport;
using Xunit;

namespace SemanticJpeg.Tests.Imaging;

/// <summary>
/// A file from a stranger must never read, fetch or run anything: every case of the hostile corpus
/// gets its stable code, quickly, without the canary's content showing up and without side effects.
/// </summary>
public sealed class HostileInputTests : IDisposable
{
    /// <summary>Generous for 2 shared cores; each case takes milliseconds when refused before decoding.</summary>
    private static readonly TimeSpan PerFileBudget = TimeSpan.FromSeconds(5);

    private readonly string _dir = TestPaths.NewTempDirectory();
    private readonly HostileFiles _files;

    public HostileInputTests() => _files = new HostileFiles(_dir);

    public void Dispose() => Directory.Delete(_dir, true);

    public static TheoryData<string, SemanticJpegErrorCode> Refused() => new()
    {
        { "svg-local-image", SemanticJpegErrorCode.UnsupportedFormat },
        { "svg-text-coder", SemanticJpegErrorCode.UnsupportedFormat },
        { "mvg", SemanticJpegErrorCode.UnsupportedFormat },
        { "msl", SemanticJpegErrorCode.UnsupportedFormat },
        { "postscript", SemanticJpegErrorCode.UnsupportedFormat },
        { "eps", SemanticJpegErrorCode.UnsupportedFormat },
        { "png-signature-then-svg", SemanticJpegErrorCode.InvalidImage },
        { "gif-script", SemanticJpegErrorCode.InvalidImage },
        { "tiff-5000-pages", SemanticJpegErrorCode.ImageTooLarge },
        { "gif-10000-frames", SemanticJpegErrorCode.ImageTooLarge },
        { "tiff-many-channels", SemanticJpegErrorCode.ImageTooLarge },
    };

    private string Make(string kind) => kind switch
    {
        "svg-local-image" => _files.Write("photo.png", _files.SvgImage(_files.CanaryPng)),
        "svg-text-coder" => _files.Write("photo.png", _files.SvgImage("text:" + _files.CanaryText)),
        "mvg" => _files.Write("photo.png", _files.Mvg()),
        "msl" => _files.Write("photo.png", _files.Msl()),
        "postscript" => _files.Write("photo.png", _files.PostScript()),
        "eps" => _files.Write("photo.jpg", _files.Eps()),
        "png-signature-then-svg" => _files.Write("photo.png", _files.PngSignatureThenSvg()),
        "gif-script" => _files.Write("photo.gif", _files.GifScript()),
        "tiff-5000-pages" => _files.Write("pages.tif", HostileFiles.Tiff(5000)),
        "gif-10000-frames" => _files.Write("frames.gif", HostileFiles.GifFrames(10_000)),
        // 12000 x 12000 = 144 MP is within the 200 MP limit, but 40 channels need 5.8 GB.
        "tiff-many-channels" => _files.Write("channels.tif", HostileFiles.Tiff(1, 12_000, 12_000, samples: 40)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Fact]
    public void The_engine_policy_is_in_force_in_this_process() =>
        Assert.True(MagickSecurity.IsEnginePolicyInForce);

    [Theory]
    [MemberData(nameof(Refused))]
    public void Hostile_files_are_refused_with_their_code_quickly_and_without_reading_the_canary(string kind, SemanticJpegErrorCode code)
    {
        var path = Make(kind);
        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<SemanticJpegException>(() => ImageLoader.Load(path));
        clock.Stop();
        Assert.True(code == e.Code, $"{kind}: expected {code}, got {e.Code}: {e.Message}");
        Assert.Contains(path, e.Message);
        Assert.DoesNotContain(_files.Secret, e.ToString());
        Assert.True(clock.Elapsed < PerFileBudget, $"{kind} took {clock.Elapsed}");
        Assert.False(File.Exists(Path.Combine(_dir, "msl-wrote.png")), "the MSL script ran");
    }

    [Fact]
    public void A_valid_png_with_svg_after_it_is_decoded_as_the_png_only()
    {
        var path = _files.Write("polyglot.png", _files.ValidPngWithSvgTail());
        var loaded = ImageLoader.Load(path);
        Assert.Equal("PNG", loaded.Format);
        Assert.All(Pixel(loaded.Pixels, 8, 8), (v, i) => Assert.Equal(new byte[] { 0, 160, 0 }[i], v));
    }

    [Theory]
    [InlineData("iCCP")]
    [InlineData("zTXt")]
    public void A_png_with_a_100_MB_metadata_chunk_converts_its_pixels_without_inflating_it(string chunk)
    {
        var path = _files.Write($"huge-{chunk}.png", HostileFiles.PngWithHugeChunk(chunk, 100_000_000));
        Assert.True(new FileInfo(path).Length < 200_000);
        // This thread's allocations only (the loader runs on the caller's thread): the process-wide
        // count also sees the tests running in parallel and failed now and then in the full suite.
        long before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        var loaded = ImageLoader.Load(path);
        Assert.True(clock.Elapsed < PerFileBudget);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 50_000_000, "the chunk was inflated into managed memory");
        Assert.Equal(new byte[] { 0, 160, 0 }, Pixel(loaded.Pixels, 0, 0));
    }

    [Fact]
    public void The_engine_refuses_script_and_reference_coders_even_to_direct_Magick_NET_calls()
    {
        // The second wall: even code that bypasses ImageLoader cannot reach these readers. (MVG stays
        // readable at this level because ImageMagick's SVG renderer draws through it.)
        foreach (var filename in new[] { "text:" + _files.CanaryText, "msl:" + _files.CanaryText, "label:@" + _files.CanaryText })
        {
            var e = Record.Exception(() => new MagickImage(filename).Dispose());
            Assert.True(e is MagickPolicyErrorException, $"{filename}: {e?.GetType().Name ?? "read"}");
        }
        using var svg = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(_files.SvgImage(_files.CanaryPng)));
        Assert.Throws<MagickPolicyErrorException>(() => new MagickImage(svg));
        using var ps = new MemoryStream(System.Text.Encoding.ASCII.GetBytes(_files.PostScript()));
        Assert.Throws<MagickPolicyErrorException>(() => new MagickImage(ps));
    }

    [Fact]
    public void The_engine_memory_limit_refuses_a_decode_our_estimate_lets_through()
    {
        // 144 MP x 40 channels = 5.8 GB of pixel cache: above the engine's 4 GiB, and no disk cache.
        var path = _files.Write("channels.tif", HostileFiles.Tiff(1, 12_000, 12_000, samples: 40));
        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<SemanticJpegException>(() => ImageLoader.Load(path, new ImageLoadOptions { MaxDecodeBytes = long.MaxValue }));
        Assert.True(e.Code == SemanticJpegErrorCode.ImageTooLarge, e.Message);
        Assert.True(clock.Elapsed < PerFileBudget, $"took {clock.Elapsed}");
    }

    [Fact]
    public void Opted_in_svg_renders_when_self_contained()
    {
        var path = _files.Write("drawing.svg", HostileFiles.Svg("""<rect width="16" height="16" fill="#00a000"/>"""));
        var loaded = ImageLoader.Load(path, new ImageLoadOptions { AllowVectorInput = true });
        Assert.Equal((16, 16), (loaded.Pixels.Width, loaded.Pixels.Height));
        Assert.Equal(new byte[] { 0, 160, 0 }, Pixel(loaded.Pixels, 8, 8));
    }

    [Fact]
    public void Opted_in_svg_may_refer_to_its_own_elements()
    {
        var svg = HostileFiles.Svg("""
            <defs><linearGradient id="g"><stop offset="0" stop-color="#00a000"/><stop offset="1" stop-color="#00a000"/></linearGradient>
            <rect id="r" width="16" height="16"/></defs>
            <use xlink:href="#r" style="fill:url(#g)"/><text x="0" y="12" font-family="DejaVu Sans" font-size="1"> </text>
            """);
        var loaded = ImageLoader.Load(_files.Write("self.svg", svg), new ImageLoadOptions { AllowVectorInput = true });
        Assert.Equal((16, 16), (loaded.Pixels.Width, loaded.Pixels.Height));
    }

    public static TheoryData<string> ExternalReferences() => new()
    {
        "local-image", "relative-image", "uppercase-href", "text-coder", "msl-coder", "ephemeral-coder",
        "css-url", "style-import", "font-path", "doctype-entity", "use-other-file", "stylesheet-pi",
    };

    [Theory]
    [MemberData(nameof(ExternalReferences))]
    public void Opted_in_svg_with_an_external_reference_is_refused(string kind)
    {
        var canary = _files.CanaryPng;
        string svg = kind switch
        {
            "local-image" => _files.SvgImage(canary),
            "relative-image" => _files.SvgImage("canary/canary.png"),
            "uppercase-href" => HostileFiles.Svg($"""<image width="16" height="16" HREF="{canary}"/>"""),
            "text-coder" => _files.SvgImage("text:" + _files.CanaryText),
            "msl-coder" => _files.SvgImage("msl:" + _files.CanaryText),
            "ephemeral-coder" => _files.SvgImage("ephemeral:" + canary),
            "css-url" => HostileFiles.Svg($"""<rect width="16" height="16" style="fill:url({canary})"/>"""),
            "style-import" => HostileFiles.Svg($"""<style>@import "{_files.CanaryText}";</style><rect width="16" height="16"/>"""),
            "font-path" => HostileFiles.Svg($"""<text x="0" y="8" font-family="{_files.CanaryText}">x</text>"""),
            "doctype-entity" => $"""<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file://{_files.CanaryText}">]>""" + HostileFiles.Svg("<text>&x;</text>"),
            "use-other-file" => HostileFiles.Svg("""<use xlink:href="other.svg#shape"/>"""),
            "stylesheet-pi" => $"""<?xml-stylesheet href="{_files.CanaryText}"?>""" + HostileFiles.Svg(""),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        var path = _files.Write("drawing.svg", svg);
        var e = Assert.Throws<SemanticJpegException>(() => ImageLoader.Load(path, new ImageLoadOptions { AllowVectorInput = true }));
        Assert.Equal(SemanticJpegErrorCode.ExternalReference, e.Code);
        Assert.DoesNotContain(_files.Secret, e.ToString());
    }

    [Fact]
    public void Opted_in_svg_pointing_at_a_local_listener_never_connects()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            string url = $"http://127.0.0.1:{port}/x.png";
            var path = _files.Write("remote.svg", _files.SvgImage(url));
            var e = Assert.Throws<SemanticJpegException>(() => ImageLoader.Load(path, new ImageLoadOptions { AllowVectorInput = true }));
            Assert.Equal(SemanticJpegErrorCode.ExternalReference, e.Code);
            // Past our scanner, straight into ImageMagick's SVG reader: the policy stops the URL coders.
            using var svg = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(_files.SvgImage(url)));
            Assert.ThrowsAny<MagickException>(() => new MagickImage(svg, new MagickReadSettings { Format = MagickFormat.Msvg }));
            Assert.False(listener.Pending(), "something connected to the listener");
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public void Svg_is_refused_without_the_opt_in_and_so_is_mvg_with_it()
    {
        var svg = _files.Write("drawing.svg", HostileFiles.Svg("""<rect width="16" height="16"/>"""));
        Assert.Equal(SemanticJpegErrorCode.UnsupportedFormat, Assert.Throws<SemanticJpegException>(() => ImageLoader.Load(svg)).Code);
        var mvg = _files.Write("drawing.mvg", _files.Mvg());
        var e = Assert.Throws<SemanticJpegException>(() => ImageLoader.Load(mvg, new ImageLoadOptions { AllowVectorInput = true }));
        Assert.Equal(SemanticJpegErrorCode.UnsupportedFormat, e.Code);
    }

    private static byte[] Pixel(PixelImage image, int x, int y) =>
        image.Pixels.AsSpan((y * image.Width + x) * image.Channels, image.Channels).ToArray();
}
