namespace SemanticJpeg.Saliency.Detection;

/// <summary>The person segmenter's output: per-cell person probability in [0, 1] over the whole photo (the input was stretched, so cell (i, j) covers the same share of the photo).</summary>
internal sealed class PersonMask(int width, int height, float[] values)
{
    public int Width { get; } = width;
    public int Height { get; } = height;
    public float[] Values { get; } = values;

    /// <summary>Share of the photo whose probability is at least 0.5.</summary>
    public float Area() => (float)Values.Count(v => v >= 0.5f) / Values.Length;

    /// <summary>The mask bilinearly resampled to <paramref name="w"/> x <paramref name="h"/> (pixel centres aligned, edges clamped).</summary>
    public float[] Resize(int w, int h)
    {
        var result = new float[(long)w * h];
        var xs = Taps(Width, w);
        var ys = Taps(Height, h);
        for (int y = 0; y < h; y++)
        {
            var (y0, y1, fy) = ys[y];
            int r0 = y0 * Width, r1 = y1 * Width, o = y * w;
            for (int x = 0; x < w; x++)
            {
                var (x0, x1, fx) = xs[x];
                float top = Values[r0 + x0] + (Values[r0 + x1] - Values[r0 + x0]) * fx;
                float bottom = Values[r1 + x0] + (Values[r1 + x1] - Values[r1 + x0]) * fx;
                result[o + x] = top + (bottom - top) * fy;
            }
        }
        return result;
    }

    private static (int, int, float)[] Taps(int src, int dst)
    {
        var taps = new (int, int, float)[dst];
        for (int i = 0; i < dst; i++)
        {
            float s = Math.Clamp((i + 0.5f) * src / dst - 0.5f, 0, src - 1);
            int s0 = (int)s;
            taps[i] = (s0, Math.Min(s0 + 1, src - 1), s - s0);
        }
        return taps;
    }
}
