using ImageMagick;
using SemanticJpeg.Imaging;

namespace SemanticJpeg.Tests.TestSupport;

/// <summary>The sample photos and seeded synthetic images the tests share.</summary>
internal static class SampleImages
{
    public static readonly string[] PhotoNames = ["astronaut.png", "coffee.png", "chelsea.png", "motorcycle_left.png", "rocket.jpg"];

    public static PixelImage Load(string fileName)
    {
        using var image = new MagickImage(TestPaths.SampleImage(fileName));
        return MagickPixelConverter.ToPixelImage(image);
    }

    /// <summary>Smooth gradients plus seeded noise: photo-like statistics at any size.</summary>
    public static PixelImage Synthetic(int width, int height, int channels = 3, int seed = 1, double noise = 12)
    {
        var rng = new Random(seed);
        var img = new PixelImage(width, height, channels);
        for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
        for (int c = 0; c < channels; c++)
        {
            double v = 128 + 80 * Math.Sin((x + 13 * c) * 0.05) * Math.Cos((y - 7 * c) * 0.07) + noise * (rng.NextDouble() - 0.5) * 2;
            img.Pixels[(y * width + x) * channels + c] = (byte)Math.Clamp((int)Math.Round(v), 0, 255);
        }
        return img;
    }
}
