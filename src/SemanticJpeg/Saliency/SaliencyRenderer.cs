using SemanticJpeg.Imaging;

namespace SemanticJpeg.Saliency;

/// <summary>Pictures of a saliency map, for people: a grey image and a heat-map overlay.</summary>
internal static class SaliencyRenderer
{
    // Inferno-like ramp (matplotlib's "inferno" sampled at 0, 1/6, ..., 1): perceptually ordered,
    // dark for 0 so background recedes, readable in greyscale print.
    private static readonly (float R, float G, float B)[] Ramp =
    [
        (0, 0, 4), (40, 11, 84), (101, 21, 110), (159, 42, 99), (212, 72, 66), (245, 125, 21), (250, 193, 39), (252, 255, 164),
    ];

    /// <summary>The map as an 8-bit grey image (0 = black, 1 = white), same size as the map.</summary>
    public static PixelImage RenderGrey(SaliencyMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var image = new PixelImage(map.Width, map.Height, 1);
        for (int i = 0; i < map.Values.Length; i++)
            image.Pixels[i] = (byte)Math.Clamp((int)MathF.Round(map.Values[i] * 255f), 0, 255);
        return image;
    }

    /// <summary>The map's colour for <paramref name="value"/> in [0, 1].</summary>
    public static (byte R, byte G, byte B) Color(float value)
    {
        float t = Math.Clamp(value, 0f, 1f) * (Ramp.Length - 1);
        int i = Math.Min((int)t, Ramp.Length - 2);
        float f = t - i;
        var (a, b) = (Ramp[i], Ramp[i + 1]);
        return ((byte)(a.R + (b.R - a.R) * f + 0.5f), (byte)(a.G + (b.G - a.G) * f + 0.5f), (byte)(a.B + (b.B - a.B) * f + 0.5f));
    }

    /// <summary>
    /// The photo, dimmed to <paramref name="dim"/> of its brightness, with the map's colour blended
    /// over it at <paramref name="opacity"/>. The map must have the photo's size. Returns RGB.
    /// </summary>
    public static PixelImage RenderOverlay(PixelImage photo, SaliencyMap map, float opacity = 0.5f, float dim = 0.6f)
    {
        ArgumentNullException.ThrowIfNull(photo);
        ArgumentNullException.ThrowIfNull(map);
        if (photo.Width != map.Width || photo.Height != map.Height)
            throw new ArgumentException($"The map is {map.Width}x{map.Height} but the photo is {photo.Width}x{photo.Height}.", nameof(map));
        var lut = new (byte R, byte G, byte B)[256];
        for (int i = 0; i < 256; i++) lut[i] = Color(i / 255f);
        var result = new PixelImage(photo.Width, photo.Height, 3);
        float keep = (1 - opacity) * dim;
        int ch = photo.Channels;
        for (long p = 0; p < photo.PixelCount; p++)
        {
            var c = lut[(int)MathF.Round(Math.Clamp(map.Values[p], 0f, 1f) * 255f)];
            long s = p * ch;
            byte r = photo.Pixels[s], g = ch == 3 ? photo.Pixels[s + 1] : r, b = ch == 3 ? photo.Pixels[s + 2] : r;
            result.Pixels[3 * p] = (byte)(r * keep + c.R * opacity + 0.5f);
            result.Pixels[3 * p + 1] = (byte)(g * keep + c.G * opacity + 0.5f);
            result.Pixels[3 * p + 2] = (byte)(b * keep + c.B * opacity + 0.5f);
        }
        return result;
    }
}
