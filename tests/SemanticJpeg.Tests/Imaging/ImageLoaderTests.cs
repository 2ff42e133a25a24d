using ImageMagick;
using SemanticJpeg.Imaging;
using SemanticJpeg.Tests.TestSupport;
using Xunit;

namespace SemanticJpeg.Tests.Imaging;

public sealed class ImageLoaderTests : IDisposable
{
    private readonly string _dir = TestPaths.NewTempDirectory();

    public void Dispose() => Directory.Delete(_dir, true);

    private string Write(string name, MagickImage image, MagickFormat format)
    {
        var path = Path.Combine(_dir, name);
        image.Write(path, format);
        return path;
    }

    private static MagickImage Photo(uint width = 64, uint height = 48)
    {
        var image = new MagickImage(TestPaths.SampleImage("chelsea.png"));
        image.Resize(new MagickGeometry(width, height) { IgnoreAspectRatio = true });
        return image;
    }

    [Theory]
    [MemberData(nameof(Photos))]
    public void Loads_sample_photos_as_rgb_with_their_size(string name)
    {
        var info = new MagickImageInfo(TestPaths.SampleImage(name));
        var loaded = ImageLoader.Load(TestPaths.SampleImage(name));
        Assert.Equal(3, loaded.Pixels.Channels);
        Assert.Equal((int)info.Width, loaded.Pixels.Width);
        Assert.Equal((int)info.Height, loaded.Pixels.Height);
        Assert.Empty(loaded.Warnings);
        // rocket.jpg carries an Adobe RGB (1998) profile: it must be converted, and say so.
        Assert.Equal(name == "rocket.jpg", loaded.Notes.Any(n => n.Contains("Adobe RGB")));
    }

    public static TheoryData<string> Photos() => new(SampleImages.PhotoNames);

    [Fact]
    public void Grey_png_stays_one_channel_with_the_same_values()
    {
        using var image = Photo();
        image.Grayscale();
        var path = Write("grey.png", image, MagickFormat.Png8);
        var loaded = ImageLoader.Load(path);
        Assert.Equal(1, loaded.Pixels.Channels);
        using var back = new MagickImage(path);
        var expected = back.GetPixels().ToByteArray("R")!;
        Assert.Equal(expected, loaded.Pixels.Pixels);
    }

    [Theory]
    [InlineData("white", 255)]
    [InlineData("black", 0)]
    public void Transparent_pixels_are_flattened_onto_the_background(string colour, byte level)
    {
        using var image = Photo();
        image.Alpha(AlphaAction.Transparent);
        var path = Write("clear.png", image, MagickFormat.Png32);
        var loaded = ImageLoader.Load(path, new ImageLoadOptions { Background = colour });
        Assert.All(loaded.Pixels.Pixels, b => Assert.InRange(b, level - 1, level + 1));
    }

    [Fact]
    public void Exif_orientation_is_applied_and_reset()
    {
        using var image = Photo(64, 32);
        image.Orientation = Orientation.RightTop;
        var exif = new ExifProfile();
        exif.SetValue(ExifTag.Orientation, (ushort)6);
        exif.SetValue(ExifTag.Make, "TestCam");
        image.SetProfile(exif);
        var path = Write("rotated.jpg", image, MagickFormat.Jpeg);
        var loaded = ImageLoader.Load(path);
        Assert.Equal(32, loaded.Pixels.Width);
        Assert.Equal(64, loaded.Pixels.Height);
        Assert.NotNull(loaded.Exif);
        var roundTrip = new ExifProfile(Concat("Exif\0\0"u8.ToArray(), loaded.Exif!));
        Assert.Equal((ushort)1, roundTrip.GetValue(ExifTag.Orientation)!.Value);
        Assert.Equal("TestCam", roundTrip.GetValue(ExifTag.Make)!.Value);
    }

    private static byte[] Concat(byte[] a, byte[] b) => [.. a, .. b];

    [Fact]
    public void Strip_option_drops_exif()
    {
        using var image = Photo();
        var exif = new ExifProfile();
        exif.SetValue(ExifTag.Make, "TestCam");
        image.SetProfile(exif);
        var path = Write("exif.jpg", image, MagickFormat.Jpeg);
        Assert.NotNull(ImageLoader.Load(path).Exif);
        Assert.Null(ImageLoader.Load(path, new ImageLoadOptions { KeepExif = false }).Exif);
    }

    [Fact]
    public void Multi_frame_images_keep_the_first_frame_with_a_warning()
    {
        using var frames = new MagickImageCollection();
        var first = Photo();
        var second = Photo();
        second.Negate();
        frames.Add(first);
        frames.Add(second);
        var path = Path.Combine(_dir, "anim.gif");
        frames.Write(path);
        var loaded = ImageLoader.Load(path);
        Assert.Equal(2, loaded.FrameCount);
        Assert.Contains(loaded.Warnings, w => w.Contains("2 frames"));
        using var expected = new MagickImage(path);
        Assert.Equal(expected.GetPixels().ToByteArray("RGB"), loaded.Pixels.Pixels);
    }

    [Fact]
    public void Truncated_png_is_an_invalid_image()
    {
        using var image = Photo();
        var path = Write("full.png", image, MagickFormat.Png24);
        var bytes = File.ReadAllBytes(path);
        var truncated = Path.Combine(_dir, "truncated.png");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);
        var e = Assert.Throws<SemanticJpegException>(() => ImageLoader.Load(truncated));
        Assert.Equal(SemanticJpegErrorCode.InvalidImage, e.Code);
    }

    [Fact]
    public void Truncated_jpeg_is_an_invalid_image()
    {
        using var image = Photo(256, 192);
        var path = Write("full.jpg", image, MagickFormat.Jpeg);
        var bytes = File.ReadAllBytes(path);
        var truncated = Path.Combine(_dir, "truncated.jpg");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);
        var e = Assert.Throws<SemanticJpegException>(() => ImageLoader.Load(truncated));
        Assert.Equal(SemanticJpegErrorCode.InvalidImage, e.Code);
    }

    [Theory]
    [InlineData("text", SemanticJpegErrorCode.InvalidImage)]
    [InlineData("empty", SemanticJpegErrorCode.EmptyFile)]
    [InlineData("missing", SemanticJpegErrorCode.FileNotFound)]
    [InlineData("directory", SemanticJpegErrorCode.PathIsDirectory)]
    public void Bad_inputs_fail_with_their_code(string kind, SemanticJpegErrorCode code)
    {
        var path = Path.Combine(_dir, kind + ".png");
        switch (kind)
        {
            case "text": File.WriteAllText(path, "not an image at all"); break;
            case "empty": File.WriteAllBytes(path, []); break;
            case "directory": Directory.CreateDirectory(path); break;
        }
        var e = Assert.Throws<SemanticJpegException>(() => ImageLoader.Load(path));
        Assert.Equal(code, e.Code);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Images_above_the_pixel_limit_are_refused_from_the_header()
    {
        using var image = Photo(200, 100);
        var path = Write("big.png", image, MagickFormat.Png24);
        var e = Assert.Throws<SemanticJpegException>(() => ImageLoader.Load(path, new ImageLoadOptions { MaxPixels = 19_999 }));
        Assert.Equal(SemanticJpegErrorCode.ImageTooLarge, e.Code);
        Assert.Equal(200, ImageLoader.Load(path, new ImageLoadOptions { MaxPixels = 20_000 }).Pixels.Width);
    }

    [Fact]
    public void Cmyk_jpeg_is_converted_to_srgb()
    {
        using var image = Photo();
        using var reference = (MagickImage)image.Clone();
        image.TransformColorSpace(ColorProfiles.SRGB, ColorProfiles.USWebCoatedSWOP);
        image.Quality = 98;
        var path = Write("cmyk.jpg", image, MagickFormat.Jpeg);
        var loaded = ImageLoader.Load(path);
        Assert.Equal(3, loaded.Pixels.Channels);
        var expected = reference.GetPixels().ToByteArray("RGB")!;
        double meanError = 0;
        for (int i = 0; i < expected.Length; i++) meanError += Math.Abs(expected[i] - loaded.Pixels.Pixels[i]);
        // SWOP cannot hold every sRGB colour, so a round trip costs some error; inverted or
        // uncorrected CMYK would be off by ~100 levels.
        Assert.InRange(meanError / expected.Length, 0, 12);
    }

    [Fact]
    public void From_magick_image_does_not_modify_the_callers_image()
    {
        using var image = Photo(64, 32);
        image.Orientation = Orientation.RightTop;
        var loaded = ImageLoader.FromMagickImage(image);
        Assert.Equal(32, loaded.Pixels.Width);
        Assert.Equal(64u, image.Width);
        Assert.Equal(Orientation.RightTop, image.Orientation);
    }
}
