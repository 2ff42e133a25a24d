using ImageMagick;
using SemanticJpeg.Imaging;
using SemanticJpeg.Tests.TestSupport;
using Xunit;

namespace SemanticJpeg.Tests.Imaging;

/// <summary>Every allowed raster format is recognised from its bytes and loads; the name never decides.</summary>
public sealed class FormatSnifferTests : IDisposable
{
    private readonly string _dir = TestPaths.NewTempDirectory();

    public void Dispose() => Directory.Delete(_dir, true);

    public static TheoryData<MagickFormat, string> Writable() => new()
    {
        { MagickFormat.Jpeg, "JPEG" }, { MagickFormat.Png, "PNG" }, { MagickFormat.Gif, "GIF" },
        { MagickFormat.Bmp, "BMP" }, { MagickFormat.Tiff, "TIFF" }, { MagickFormat.WebP, "WebP" },
        { MagickFormat.Ppm, "PNM" }, { MagickFormat.Pgm, "PNM" }, { MagickFormat.Pbm, "PNM" },
        { MagickFormat.Pam, "PAM" }, { MagickFormat.Pfm, "PFM" }, { MagickFormat.Tga, "TGA" },
        { MagickFormat.Ico, "ICO" }, { MagickFormat.Avif, "AVIF" }, { MagickFormat.Jxl, "JPEG XL" },
        { MagickFormat.Qoi, "QOI" }, { MagickFormat.Psd, "PSD" },
    };

    [Theory]
    [MemberData(nameof(Writable))]
    public void Allowed_formats_are_sniffed_from_their_bytes_and_load(MagickFormat written, string expected)
    {
        using var image = new MagickImage(new MagickColor("#2060c0"), 24, 16);
        var bytes = image.ToByteArray(written);
        // Named .tga: TGA has no signature, and is the one format whose name is consulted.
        var name = written == MagickFormat.Tga ? "picture.tga" : "picture.dat";
        Assert.Equal(expected, FormatSniffer.Detect(bytes.AsSpan(0, Math.Min(bytes.Length, FormatSniffer.HeadLength)), name).Name);

        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        var loaded = ImageLoader.Load(path);
        Assert.Equal((24, 16), (loaded.Pixels.Width, loaded.Pixels.Height));
    }

    [Fact]
    public void A_tga_without_its_name_is_not_guessed()
    {
        using var image = new MagickImage(MagickColors.Red, 8, 8);
        var path = Path.Combine(_dir, "picture.png");
        File.WriteAllBytes(path, image.ToByteArray(MagickFormat.Tga));
        Assert.Equal(SemanticJpegErrorCode.InvalidImage, Assert.Throws<SemanticJpegException>(() => ImageLoader.Load(path)).Code);
    }

    [Theory]
    [InlineData("%PDF-1.7\n", "PDF")]
    [InlineData("%!PS-Adobe-3.0 EPSF-3.0\n", "EPS")]
    [InlineData("%!PS-Adobe-3.0\n", "PostScript")]
    [InlineData("\uFEFF  push graphic-context\n", "MVG")]
    [InlineData("viewbox 0 0 1 1\n", "MVG")]
    [InlineData("<?xml version=\"1.0\"?><image><read filename=\"x\"/></image>", "MSL")]
    [InlineData("<?xml version=\"1.0\"?><!-- c --><svg xmlns=\"http://www.w3.org/2000/svg\"/>", "SVG")]
    [InlineData("<html><body/></html>", "XML")]
    public void Scripts_and_vectors_are_named_whatever_the_file_is_called(string head, string expected)
    {
        var format = FormatSniffer.Detect(System.Text.Encoding.UTF8.GetBytes(head), "photo.jpg");
        Assert.Equal(expected, format.Name);
        Assert.NotEqual(InputFormatKind.Raster, format.Kind);
    }

    [Fact]
    public void A_format_off_the_list_is_named_by_the_policy_without_being_decoded()
    {
        // An SGI image header (magic 0x01DA, 8x8 grey): a raster format, but not on the list. Our
        // own writer cannot make one: the policy refuses SGI for writing too.
        var sgi = new byte[512 + 64];
        byte[] header = [0x01, 0xDA, 0, 1, 0, 2, 0, 8, 0, 8, 0, 1];
        header.CopyTo(sgi, 0);
        var path = Path.Combine(_dir, "picture.png");
        File.WriteAllBytes(path, sgi);
        var e = Assert.Throws<SemanticJpegException>(() => ImageLoader.Load(path));
        Assert.Equal(SemanticJpegErrorCode.UnsupportedFormat, e.Code);
        Assert.Contains("SGI", e.Message);
    }

    [Fact]
    public void Tiff_pages_are_counted_from_the_directory_chain_and_a_loop_is_endless()
    {
        using var three = new MemoryStream(HostileFiles.Tiff(3));
        Assert.Equal((3, 1), TiffDirectoryWalker.Walk(three, 10));
        Assert.Equal(0, three.Position);
        using var many = new MemoryStream(HostileFiles.Tiff(50, samples: 40));
        Assert.Equal((11, 40), TiffDirectoryWalker.Walk(many, 10));

        var looped = HostileFiles.Tiff(2);
        // Point the second directory's "next" offset back at the first.
        int ifdBytes = 2 + 10 * 12 + 4;
        BitConverter.TryWriteBytes(looped.AsSpan(8 + 2 * ifdBytes - 4, 4), 8u);
        using var loop = new MemoryStream(looped);
        Assert.Equal(11, TiffDirectoryWalker.Walk(loop, 10).Pages);
    }
}
