using ImageMagick;
using SemanticJpeg.Imaging;
using Xunit;

namespace SemanticJpeg.Tests.Imaging;

public class ImageCodecTests
{
    private static PixelImage Gradient(int width, int height, int channels)
    {
        var data = new byte[width * height * channels];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                for (int c = 0; c < channels; c++)
                    data[(y * width + x) * channels + c] = (byte)((x * 7 + y * 3 + c * 50) & 0xFF);
        return new PixelImage(width, height, channels, data);
    }

    private static PixelImage Read(byte[] file)
    {
        using var image = new MagickImage(file);
        return MagickPixelConverter.ToPixelImage(image);
    }

    [Fact]
    public void Png_is_lossless()
    {
        var pixels = Gradient(37, 21, 3);
        var back = Read(ImageCodec.EncodePng(pixels));
        Assert.Equal((pixels.Width, pixels.Height, pixels.Channels), (back.Width, back.Height, back.Channels));
        for (int y = 0; y < pixels.Height; y++)
            Assert.True(pixels.Row(y).SequenceEqual(back.Row(y)));
    }

    [Theory]
    [InlineData("map.png", new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' })]
    [InlineData("map.unknown", new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' })]
    [InlineData("map", new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' })]
    [InlineData("overlay.JPG", new byte[] { 0xFF, 0xD8, 0xFF })]
    [InlineData("overlay.jpeg", new byte[] { 0xFF, 0xD8, 0xFF })]
    [InlineData("map.webp", new byte[] { (byte)'R', (byte)'I', (byte)'F', (byte)'F' })]
    [InlineData("map.bmp", new byte[] { (byte)'B', (byte)'M' })]
    public void The_file_name_chooses_the_format(string name, byte[] magic)
    {
        var file = ImageCodec.EncodeFor(Path.Combine("out", name), Gradient(16, 16, 3));
        Assert.Equal(magic, file[..magic.Length]);
    }

    [Fact]
    public void Tiff_by_name()
    {
        var file = ImageCodec.EncodeFor("map.tif", Gradient(16, 16, 1));
        Assert.True(file[..2].SequenceEqual("II"u8.ToArray()) || file[..2].SequenceEqual("MM"u8.ToArray()));
    }

    [Theory]
    [InlineData("2x2", 0x22)]
    [InlineData("2x1", 0x21)]
    [InlineData("1x1", 0x11)]
    public void Jpeg_takes_the_luma_sampling_factor(string factor, int expected)
    {
        var file = ImageCodec.EncodeJpeg(Gradient(40, 24, 3), 75, factor);
        int sof = IndexOf(file, 0xFF, 0xC0);
        Assert.True(sof > 0, "baseline SOF0");
        Assert.Equal(expected, file[sof + 11]);
        Assert.Equal(-1, IndexOf(file, 0xFF, 0xE1)); // metadata stripped
    }

    [Fact]
    public void Decode_keeps_size_and_grey_on_request()
    {
        var grey = ImageCodec.EncodeJpeg(Gradient(30, 20, 1), 90);
        var kept = ImageCodec.DecodeJpeg(grey, keepGrey: true);
        Assert.Equal((30, 20, 1), (kept.Width, kept.Height, kept.Channels));
        Assert.Equal(3, ImageCodec.DecodeJpeg(grey, keepGrey: false).Channels);
    }

    [Fact]
    public void Decode_reads_jpeg_only()
    {
        Assert.ThrowsAny<MagickException>(() => ImageCodec.DecodeJpeg(ImageCodec.EncodePng(Gradient(8, 8, 3)), keepGrey: false));
    }

    private static int IndexOf(byte[] data, byte a, byte b)
    {
        for (int i = 0; i + 1 < data.Length; i++)
            if (data[i] == a && data[i + 1] == b) return i;
        return -1;
    }
}
