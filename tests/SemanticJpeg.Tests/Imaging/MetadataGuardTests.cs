using System.Text;
using ImageMagick;
using SemanticJpeg.Imaging;
using SemanticJpeg.Tests.TestSupport;
using Xunit;

namespace SemanticJpeg.Tests.Imaging;

/// <summary>Metadata that would be carried into the output or steer the colour conversion, parsed defensively.</summary>
public sealed class MetadataGuardTests : IDisposable
{
    private readonly string _dir = TestPaths.NewTempDirectory();

    public void Dispose() => Directory.Delete(_dir, true);

    private string WritePng(string name, params (string Type, byte[] Data)[] chunks)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, HostileFiles.Png(16, 16, [0, 160, 0], chunks));
        return path;
    }

    /// <summary>A little-endian TIFF header with one IFD holding one ASCII ImageDescription of <paramref name="length"/> bytes.</summary>
    private static byte[] ExifWithDescription(int length)
    {
        using var ms = new MemoryStream();
        var w = new BinaryWriter(ms);
        w.Write("II*\0"u8); w.Write(8u);
        w.Write((ushort)1);
        w.Write((ushort)270); w.Write((ushort)2); w.Write((uint)length); w.Write(26u);
        w.Write(0u);
        w.Write(Encoding.ASCII.GetBytes(new string('x', length - 1))); w.Write((byte)0);
        return ms.ToArray();
    }

    [Fact]
    public void Exif_too_large_for_a_jpeg_segment_is_dropped_with_a_warning()
    {
        var path = WritePng("big-exif.png", ("eXIf", ExifWithDescription(100_000)));
        var loaded = ImageLoader.Load(path);
        Assert.Null(loaded.Exif);
        Assert.Contains(loaded.Warnings, w => w.Contains("EXIF was dropped"));
        Assert.Equal((byte)160, loaded.Pixels.Pixels[1]);
    }

    [Fact]
    public void Ordinary_exif_is_kept()
    {
        var loaded = ImageLoader.Load(WritePng("exif.png", ("eXIf", ExifWithDescription(40))));
        Assert.NotNull(loaded.Exif);
        Assert.Empty(loaded.Warnings);
    }

    [Fact]
    public void Malformed_exif_never_stops_the_conversion()
    {
        // Offsets past the end, a count of 0xFFFF entries: garbage an EXIF parser must survive.
        byte[] garbage = [(byte)'I', (byte)'I', 42, 0, 8, 0, 0, 0, 0xFF, 0xFF, 0x0F, 0x01, 0x02, 0x00, 0xFF, 0xFF, 0xFF, 0x7F, 0xF0, 0xFF, 0xFF, 0xFF];
        var loaded = ImageLoader.Load(WritePng("bad-exif.png", ("eXIf", garbage)));
        Assert.Equal((byte)160, loaded.Pixels.Pixels[1]);
        Assert.True(loaded.Exif is null || loaded.Exif.Length <= MetadataGuard.MaxExifBytes);
    }

    [Fact]
    public void A_malformed_icc_profile_is_dropped_and_the_pixels_taken_as_srgb()
    {
        // A well-formed iCCP chunk (PNG 11.3.3.3) whose profile is 600 bytes of noise.
        var noise = new byte[600];
        new Random(7).NextBytes(noise);
        "acsp"u8.CopyTo(noise.AsSpan(36));
        using var z = new MemoryStream();
        using (var zs = new System.IO.Compression.ZLibStream(z, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true)) zs.Write(noise);
        byte[] chunk = [.. "noise"u8, 0, 0, .. z.ToArray()];
        var loaded = ImageLoader.Load(WritePng("bad-icc.png", ("iCCP", chunk)));
        Assert.Equal(new byte[] { 0, 160, 0 }, loaded.Pixels.Pixels[..3]);
    }
}
