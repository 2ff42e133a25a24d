using ImageMagick;
using SemanticJpeg.Imaging;
using SemanticJpeg.Tests.TestSupport;

namespace SemanticJpeg.Tests.Metrics;

/// <summary>
/// The committed reference pairs in tests/fixtures/metrics (see the README there for how they were
/// made and how the expected values were computed) and small image builders for the metric tests.
/// </summary>
internal static class MetricFixtures
{
    public static string Folder => Path.Combine(TestPaths.RepoRoot, "tests", "fixtures", "metrics");

    /// <summary>Loads a fixture as stored: the grey pair stays 1 channel, RGB pairs are 3.</summary>
    public static PixelImage Load(string fileName)
    {
        using var image = new MagickImage(Path.Combine(Folder, fileName));
        return MagickPixelConverter.ToPixelImage(image);
    }

    public static (PixelImage Reference, PixelImage Distorted) Pair(string stem, string suffix)
        => (Load(stem + ".png"), Load(stem + "_" + suffix + ".png"));

    /// <summary>The image with <paramref name="delta"/> added to every sample (no clipping happens for the values used).</summary>
    public static PixelImage Offset(PixelImage image, int delta)
    {
        var pixels = image.Pixels.Select(p => (byte)Math.Clamp(p + delta, 0, 255)).ToArray();
        return new PixelImage(image.Width, image.Height, image.Channels, pixels);
    }

    /// <summary>A copy of the image; metrics must not depend on reference equality.</summary>
    public static PixelImage Copy(PixelImage image)
        => new(image.Width, image.Height, image.Channels, (byte[])image.Pixels.Clone());

    /// <summary>Uniform image of one value.</summary>
    public static PixelImage Flat(int width, int height, int channels, byte value)
    {
        var pixels = new byte[width * height * channels];
        Array.Fill(pixels, value);
        return new PixelImage(width, height, channels, pixels);
    }
}
