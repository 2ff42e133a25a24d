namespace SemanticJpeg.Saliency;

/// <summary>
/// Per-pixel importance in [0, 1] at the resolution of the image it was computed for:
/// high on what people look at, near 0 on empty background.
/// </summary>
public sealed class SaliencyMap
{
    public SaliencyMap(int width, int height, float[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (width <= 0 || height <= 0 || values.Length != (long)width * height)
            throw new ArgumentException($"A {width}x{height} map needs {(long)width * height} values, got {values.Length}.", nameof(values));
        Width = width;
        Height = height;
        Values = values;
    }

    public int Width { get; }
    public int Height { get; }

    /// <summary>Row-major values in [0, 1].</summary>
    public float[] Values { get; }

    public float this[int x, int y] => Values[y * Width + x];

    /// <summary>A map with the same value everywhere, for "no saliency" encodes.</summary>
    public static SaliencyMap Uniform(int width, int height, float value = 1f)
    {
        var v = new float[(long)width * height];
        Array.Fill(v, value);
        return new SaliencyMap(width, height, v);
    }

    public float Mean()
    {
        double sum = 0;
        foreach (var v in Values) sum += v;
        return (float)(sum / Values.Length);
    }

    /// <summary>
    /// Mean of the map over each <paramref name="blockSize"/>-square block, blocks covering the
    /// image (the last row/column of blocks may be partial). Row-major, ceil(W/b) x ceil(H/b).
    /// </summary>
    public float[] BlockMeans(int blockSize, out int blocksWide, out int blocksHigh)
    {
        blocksWide = (Width + blockSize - 1) / blockSize;
        blocksHigh = (Height + blockSize - 1) / blockSize;
        var sums = new double[blocksWide * blocksHigh];
        var counts = new int[blocksWide * blocksHigh];
        for (int y = 0; y < Height; y++)
        {
            int row = (y / blockSize) * blocksWide;
            int offset = y * Width;
            for (int x = 0; x < Width; x++)
            {
                int b = row + x / blockSize;
                sums[b] += Values[offset + x];
                counts[b]++;
            }
        }
        var means = new float[sums.Length];
        for (int i = 0; i < means.Length; i++) means[i] = (float)(sums[i] / counts[i]);
        return means;
    }

    /// <summary>Map value from which a pixel counts as salient in <see cref="SalientFraction"/>.</summary>
    public const float SalientThreshold = 0.5f;

    /// <summary>
    /// Share of the image (0..1) whose value is at least <paramref name="threshold"/> (default
    /// <see cref="SalientThreshold"/>, 0.5: the pixel is closer to the subject than to background).
    /// </summary>
    public float SalientFraction(float threshold = SalientThreshold)
    {
        long count = 0;
        foreach (var v in Values) if (v >= threshold) count++;
        return (float)((double)count / Values.Length);
    }
}
