using Xunit;
using SemanticJpeg.Imaging;
using SemanticJpeg.Saliency;

namespace SemanticJpeg.Tests.Saliency;

/// <summary>Hand-labelled subject boxes of the sample photos, and map statistics over them.</summary>
internal static class SaliencyTestImages
{
    /// <summary>A box in pixels: left, top, right, bottom (exclusive).</summary>
    public readonly record struct Box(int Left, int Top, int Right, int Bottom)
    {
        public bool Contains(int x, int y) => x >= Left && x < Right && y >= Top && y < Bottom;
    }

    /// <summary>Subject boxes, placed by looking at the photos.</summary>
    public static readonly Dictionary<string, Box> Subjects = new()
    {
        // Eileen Collins: face, collar ring and upper body of the suit.
        ["astronaut.png"] = new(110, 10, 365, 340),
        // The cat's face: eyes, nose, muzzle (the head fills most of the frame).
        ["chelsea.png"] = new(110, 30, 370, 290),
        // The cup with its handle and spoon (the saucer is context).
        ["coffee.png"] = new(170, 15, 410, 310),
        // The motorcycle, wheel to wheel.
        ["motorcycle_left.png"] = new(95, 90, 690, 455),
        // The rocket on its launch pad, tip to base.
        ["rocket.jpg"] = new(280, 130, 370, 427),
    };

    public static (double Inside, double Outside) MeanInsideOutside(SaliencyMap map, Box box)
    {
        double inSum = 0, outSum = 0;
        long inCount = 0, outCount = 0;
        for (int y = 0; y < map.Height; y++)
            for (int x = 0; x < map.Width; x++)
            {
                if (box.Contains(x, y)) { inSum += map[x, y]; inCount++; }
                else { outSum += map[x, y]; outCount++; }
            }
        return (inSum / inCount, outSum / outCount);
    }

    /// <summary>
    /// How well the map ranks the box's pixels above the rest: the probability that a random pixel
    /// inside scores higher than a random pixel outside (ties count half), on 256 levels.
    /// </summary>
    public static double BoxAuc(SaliencyMap map, Box box)
    {
        var inside = new long[256];
        var outside = new long[256];
        for (int y = 0; y < map.Height; y++)
            for (int x = 0; x < map.Width; x++)
            {
                int level = (int)MathF.Round(Math.Clamp(map[x, y], 0f, 1f) * 255);
                if (box.Contains(x, y)) inside[level]++; else outside[level]++;
            }
        double below = 0, wins = 0, nIn = inside.Sum(), nOut = outside.Sum();
        for (int l = 0; l < 256; l++)
        {
            wins += inside[l] * (below + 0.5 * outside[l]);
            below += outside[l];
        }
        return wins / (nIn * nOut);
    }

    public static (float Min, float Max, double Std) Stats(SaliencyMap map)
    {
        double mean = map.Mean();
        double var = 0;
        float min = float.MaxValue, max = float.MinValue;
        foreach (var v in map.Values)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
            var += (v - mean) * (v - mean);
        }
        return (min, max, Math.Sqrt(var / map.Values.Length));
    }

    public static PixelImage Flat(int width, int height, byte r, byte g, byte b)
    {
        var img = new PixelImage(width, height, 3);
        for (int i = 0; i < width * height; i++)
        {
            img.Pixels[3 * i] = r;
            img.Pixels[3 * i + 1] = g;
            img.Pixels[3 * i + 2] = b;
        }
        return img;
    }

    /// <summary>A facade: a regular grid of windows, no subject.</summary>
    public static PixelImage Facade(int width, int height)
    {
        var img = new PixelImage(width, height, 3);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                bool window = x % 64 is > 16 and < 48 && y % 60 is > 15 and < 45;
                byte v = (byte)(window ? 60 : 190);
                int p = 3 * (y * width + x);
                img.Pixels[p] = v;
                img.Pixels[p + 1] = (byte)(v - 10);
                img.Pixels[p + 2] = (byte)(v - 20);
            }
        return img;
    }

    /// <summary>Uniform random noise: texture everywhere, no subject.</summary>
    public static PixelImage Noise(int width, int height, int seed = 1)
    {
        var img = new PixelImage(width, height, 3);
        new Random(seed).NextBytes(img.Pixels);
        return img;
    }

    /// <summary>Flat grey with Gaussian sensor noise of the given sigma.</summary>
    public static PixelImage NoisyGrey(int width, int height, double sigma, int seed = 3)
    {
        var img = new PixelImage(width, height, 3);
        var rng = new Random(seed);
        for (int i = 0; i < img.Pixels.Length; i++)
        {
            double g = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            img.Pixels[i] = (byte)Math.Clamp(128 + sigma * g, 0, 255);
        }
        return img;
    }

    /// <summary>A clear sky: a smooth vertical gradient.</summary>
    public static PixelImage Gradient(int width, int height)
    {
        var img = new PixelImage(width, height, 3);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                for (int c = 0; c < 3; c++) img.Pixels[3 * (y * width + x) + c] = (byte)(90 + y * 100 / height + c * 10);
        return img;
    }

    /// <summary>A crop of <paramref name="source"/> pasted into <paramref name="canvas"/> at (x, y).</summary>
    public static void Paste(PixelImage canvas, PixelImage source, Box crop, int x, int y)
    {
        for (int sy = crop.Top; sy < crop.Bottom; sy++)
            for (int sx = crop.Left; sx < crop.Right; sx++)
                for (int c = 0; c < 3; c++)
                    canvas.Pixels[3 * ((y + sy - crop.Top) * canvas.Width + x + sx - crop.Left) + c] = source.Pixels[3 * (sy * source.Width + sx) + c];
    }
}
