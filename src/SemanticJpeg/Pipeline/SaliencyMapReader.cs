using ImageMagick;
using SemanticJpeg.Imaging;
using SemanticJpeg.Saliency;

namespace SemanticJpeg.Pipeline;

/// <summary>
/// User-supplied saliency maps: a greyscale image (255 = most important, 0 = background) of any
/// size and any format the loader accepts, or a <see cref="SaliencyMap"/> from code, fitted to the
/// photo it is for. An image with an alpha channel gives its alpha (a cut-out's mask) as the map.
/// </summary>
public static class SaliencyMapReader
{
    /// <summary>
    /// Reads <paramref name="path"/> as a map for a <paramref name="width"/> x <paramref name="height"/>
    /// photo. The file goes through the same door and limits as a photo (<see cref="ImageLoader"/>); every
    /// failure is a <see cref="SemanticJpegException"/> with <see cref="SemanticJpegErrorCode.InvalidSaliencyMap"/>.
    /// </summary>
    public static SaliencyMap Read(string path, int width, int height, ImageLoadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        CheckSize(width, height);
        MagickImage image;
        try
        {
            image = ImageLoader.ReadFirstFrame(path, options ?? new ImageLoadOptions());
        }
        catch (SemanticJpegException e)
        {
            throw new SemanticJpegException(SemanticJpegErrorCode.InvalidSaliencyMap, $"Saliency map: {e.Message}", e);
        }
        using (image)
        {
            return Fit(Values(image), width, height);
        }
    }

    /// <summary>
    /// <paramref name="map"/> at the photo's size: returned as it is when it already fits, else
    /// resampled (area-weighted when shrinking, bilinear-like when enlarging). Values are clamped to [0, 1].
    /// </summary>
    public static SaliencyMap Fit(SaliencyMap map, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(map);
        CheckSize(width, height);
        // Tiny maps against huge photos (a 1x1 "map" for an 8000x6000 photo) are legitimate: uniform.
        float[] values = map.Width == width && map.Height == height
            ? map.Values
            : Resampler.ResizePlanes(map.Values, 1, map.Width, map.Height, width, height);
        bool clean = ReferenceEquals(values, map.Values);
        var result = clean ? (float[])values.Clone() : values;
        for (int i = 0; i < result.Length; i++)
        {
            float v = result[i];
            if (float.IsNaN(v))
                throw new SemanticJpegException(SemanticJpegErrorCode.InvalidSaliencyMap, "The saliency map contains NaN values.");
            result[i] = Math.Clamp(v, 0f, 1f);
        }
        return new SaliencyMap(width, height, result);
    }

    /// <summary>The map's values in [0, 1]: alpha if the image has it, else luma (Rec. 601) of its colour.</summary>
    private static SaliencyMap Values(MagickImage image)
    {
        int w = (int)image.Width, h = (int)image.Height;
        bool alpha = image.HasAlpha;
        bool grey = image.ColorSpace is ColorSpace.Gray or ColorSpace.LinearGray;
        using var pixels = image.GetPixelsUnsafe();
        byte[] data = pixels.ToByteArray(0, 0, (uint)w, (uint)h, alpha ? "A" : grey ? "R" : "RGB")
            ?? throw new SemanticJpegException(SemanticJpegErrorCode.InvalidSaliencyMap, "The saliency map has no readable pixels.");
        var values = new float[(long)w * h];
        const float scale = 1f / 255f;
        if (alpha || grey)
        {
            for (int i = 0; i < values.Length; i++) values[i] = data[i] * scale;
        }
        else
        {
            for (int i = 0; i < values.Length; i++)
                values[i] = (0.299f * data[3 * i] + 0.587f * data[3 * i + 1] + 0.114f * data[3 * i + 2]) * scale;
        }
        return new SaliencyMap(w, h, values);
    }

    private static void CheckSize(int width, int height)
    {
        if (width <= 0 || height <= 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"The photo's size must be positive, got {width}x{height}.");
    }
}
