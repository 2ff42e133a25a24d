using System.Numerics.Tensors;

namespace SemanticJpeg.Saliency;

/// <summary>
/// Per-pixel importance in [0, 1] at the resolution of the image it was computed for: 1 = certainly
/// subject, 0 = certainly background, uniform when the image has no clear subject.
/// </summary>
/// <remarks>
/// A map made by a model is kept as its coarse grid (a few hundred cells) and upsampled bilinearly
/// only when <see cref="Values"/> is read: <see cref="BlockMeans"/>, <see cref="Mean"/> and
/// <see cref="SalientFraction"/> are computed from the grid without materialising Width x Height
/// floats (96 MB for a 24-megapixel photo), and give what the full map would.
/// </remarks>
public sealed class SaliencyMap
{
    private float[]? _values;
    private readonly SaliencyGrid? _grid;

    /// <summary>A map from per-pixel values (row-major, Width x Height, each in [0, 1]).</summary>
    public SaliencyMap(int width, int height, float[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (width <= 0 || height <= 0 || values.Length != (long)width * height)
            throw new ArgumentException($"A {width}x{height} map needs {(long)width * height} values, got {values.Length}.", nameof(values));
        Width = width;
        Height = height;
        _values = values;
    }

    /// <summary>A map that is <paramref name="grid"/> upsampled (half-pixel bilinear, clamped edges) to width x height.</summary>
    internal SaliencyMap(SaliencyGrid grid, int width, int height)
    {
        if (width <= 0 || height <= 0) throw new ArgumentException($"A map needs a positive size, got {width}x{height}.");
        Width = width;
        Height = height;
        _grid = grid;
    }

    /// <summary>Width in pixels (that of the image the map is for).</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Row-major values in [0, 1] (computed on first use for maps made by a model).</summary>
    public float[] Values => _values ?? LazyInitializer.EnsureInitialized(ref _values, Materialise);

    /// <summary>The value at column <paramref name="x"/>, row <paramref name="y"/> (0, 0 = top left), in [0, 1].</summary>
    public float this[int x, int y] => Values[y * Width + x];

    /// <summary>A map with the same value everywhere, for "no saliency" encodes.</summary>
    public static SaliencyMap Uniform(int width, int height, float value = 1f) =>
        new(new SaliencyGrid([value], 1, 1), width, height);

    /// <summary>The mean value over all pixels, in [0, 1] (for a model's map, from its grid without materialising the pixels).</summary>
    public float Mean()
    {
        if (_values is { } values)
        {
            double sum = 0;
            foreach (var v in values) sum += v;
            return (float)(sum / values.Length);
        }
        // One block covering the whole map.
        return BlockMeansFromGrid(Math.Max(Width, Height), 1, 1)[0];
    }

    /// <summary>
    /// Mean of the map over each <paramref name="blockSize"/>-square block, blocks covering the
    /// image (the last row/column of blocks may be partial). Row-major, ceil(W/b) x ceil(H/b).
    /// </summary>
    public float[] BlockMeans(int blockSize, out int blocksWide, out int blocksHigh)
    {
        if (blockSize < 1) throw new ArgumentOutOfRangeException(nameof(blockSize), "The block size must be positive.");
        blocksWide = (Width + blockSize - 1) / blockSize;
        blocksHigh = (Height + blockSize - 1) / blockSize;
        return _values is null ? BlockMeansFromGrid(blockSize, blocksWide, blocksHigh) : BlockMeansFromValues(blockSize, blocksWide, blocksHigh);
    }

    private float[] BlockMeansFromValues(int blockSize, int blocksWide, int blocksHigh)
    {
        var values = _values!;
        var sums = new double[blocksWide * blocksHigh];
        var counts = new int[blocksWide * blocksHigh];
        for (int y = 0; y < Height; y++)
        {
            int row = (y / blockSize) * blocksWide;
            int offset = y * Width;
            for (int x = 0; x < Width; x++)
            {
                int b = row + x / blockSize;
                sums[b] += values[offset + x];
                counts[b]++;
            }
        }
        var means = new float[sums.Length];
        for (int i = 0; i < means.Length; i++) means[i] = (float)(sums[i] / counts[i]);
        return means;
    }

    /// <summary>
    /// A block mean of the upsampled map is (row weights of the block) x grid x (column weights of
    /// the block): the mean of the bilinear weights over the block's pixels, per grid cell. Two
    /// small matrix products instead of Width x Height interpolations.
    /// </summary>
    private float[] BlockMeansFromGrid(int blockSize, int blocksWide, int blocksHigh)
    {
        var g = _grid!;
        var ax = BlockWeights(new Resampler.Taps(g.Width, Width), Width, blockSize, blocksWide);   // blocksWide x g.Width
        var ay = BlockWeights(new Resampler.Taps(g.Height, Height), Height, blockSize, blocksHigh); // blocksHigh x g.Height
        // t = grid x ax^T: per grid row, the mean over each block's columns.
        var t = new double[g.Height * blocksWide];
        for (int j = 0; j < g.Height; j++)
            for (int b = 0; b < blocksWide; b++)
            {
                double acc = 0;
                for (int i = 0; i < g.Width; i++) acc += g.Values[j * g.Width + i] * ax[b * g.Width + i];
                t[j * blocksWide + b] = acc;
            }
        var means = new float[blocksWide * blocksHigh];
        for (int by = 0; by < blocksHigh; by++)
            for (int bx = 0; bx < blocksWide; bx++)
            {
                double acc = 0;
                for (int j = 0; j < g.Height; j++) acc += ay[by * g.Height + j] * t[j * blocksWide + bx];
                means[by * blocksWide + bx] = (float)Math.Clamp(acc, 0, 1);
            }
        return means;
    }

    /// <summary>Map value from which a pixel counts as salient in <see cref="SalientFraction"/>.</summary>
    public const float SalientThreshold = 0.5f;

    /// <summary>
    /// Share of the image (0..1) whose value is at least <paramref name="threshold"/> (default
    /// <see cref="SalientThreshold"/>, 0.5: the pixel is more likely subject than background).
    /// </summary>
    public float SalientFraction(float threshold = SalientThreshold)
    {
        long count = 0;
        if (_values is { } values)
        {
            foreach (var v in values) if (v >= threshold) count++;
        }
        else
        {
            // Row by row, with the very arithmetic of Values, so the count is the same.
            UpsampleRows(row => { foreach (var v in row) if (v >= threshold) count++; });
        }
        return (float)((double)count / ((long)Width * Height));
    }

    private float[] Materialise()
    {
        var values = new float[(long)Width * Height];
        int y = 0;
        UpsampleRows(row => row.CopyTo(values.AsSpan(y++ * Width, Width)));
        return values;
    }

    /// <summary>
    /// The upsampled map one row at a time, top to bottom: the grid's rows resampled to the image
    /// width once, then each image row as a weighted sum of those (as <see cref="Resampler.ResizePlanes"/>
    /// does), clamped to [0, 1] (bilinear weights are positive and sum to 1, so only rounding can
    /// leave it).
    /// </summary>
    private void UpsampleRows(RowAction action)
    {
        var g = _grid!;
        var tx = new Resampler.Taps(g.Width, Width);
        var ty = new Resampler.Taps(g.Height, Height);
        var wide = new float[g.Height * Width];
        for (int j = 0; j < g.Height; j++)
            Resampler.ResampleRow(g.Values.AsSpan(j * g.Width, g.Width), wide.AsSpan(j * Width, Width), tx);
        var line = new float[Width];
        for (int y = 0; y < Height; y++)
        {
            Array.Clear(line);
            Resampler.ResampleColumn(wide, Width, y, ty, line);
            TensorPrimitives.Min(line, 1f, line);
            TensorPrimitives.Max(line, 0f, line);
            action(line);
        }
    }

    private delegate void RowAction(ReadOnlySpan<float> row);

    /// <summary>Per block of output samples and source cell: the mean weight over the block's samples.</summary>
    private static double[] BlockWeights(Resampler.Taps taps, int length, int blockSize, int blocks)
    {
        int cells = taps.SourceLength;
        var m = new double[blocks * cells];
        for (int o = 0; o < length; o++)
        {
            int b = o / blockSize;
            for (int k = 0; k < taps.Count[o]; k++) m[b * cells + taps.Start[o] + k] += taps.Weights[o * taps.Width + k];
        }
        for (int b = 0; b < blocks; b++)
        {
            int n = Math.Min(blockSize, length - b * blockSize);
            for (int i = 0; i < cells; i++) m[b * cells + i] /= n;
        }
        return m;
    }
}
