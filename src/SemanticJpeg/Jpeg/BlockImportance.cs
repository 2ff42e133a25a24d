namespace SemanticJpeg.Jpeg;

/// <summary>
/// Importance in [0, 1] of every 8x8 luma block: 1 = spend bytes here, 0 = background. The grid is
/// ceil(W/8) x ceil(H/8), row-major. Chroma blocks follow the luma blocks they cover.
/// </summary>
internal sealed class BlockImportance
{
    private readonly float[] _values;

    public BlockImportance(int blocksWide, int blocksHigh, float[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (blocksWide <= 0 || blocksHigh <= 0)
            throw new ArgumentOutOfRangeException(nameof(blocksWide), $"Grid size must be positive, got {blocksWide}x{blocksHigh}.");
        if (values.Length != (long)blocksWide * blocksHigh)
            throw new ArgumentException($"A {blocksWide}x{blocksHigh} grid needs {(long)blocksWide * blocksHigh} values, got {values.Length}.", nameof(values));
        _values = new float[values.Length];
        for (int i = 0; i < values.Length; i++)
            _values[i] = float.IsNaN(values[i]) ? 0f : Math.Clamp(values[i], 0f, 1f);
        BlocksWide = blocksWide;
        BlocksHigh = blocksHigh;
    }

    public int BlocksWide { get; }

    public int BlocksHigh { get; }

    /// <summary>Importance of block (bx, by); coordinates outside the grid are clamped to its edge.</summary>
    public float this[int bx, int by] =>
        _values[Math.Clamp(by, 0, BlocksHigh - 1) * BlocksWide + Math.Clamp(bx, 0, BlocksWide - 1)];

    /// <summary>Everything equally important (value 1): region encodes then behave like uniform ones.</summary>
    public static BlockImportance Uniform(int width, int height)
    {
        var (bw, bh) = GridSize(width, height);
        var v = new float[bw * bh];
        Array.Fill(v, 1f);
        return new BlockImportance(bw, bh, v);
    }

    /// <summary>The grid an image of this size needs: ceil(W/8) x ceil(H/8).</summary>
    public static (int BlocksWide, int BlocksHigh) GridSize(int width, int height) => ((width + 7) / 8, (height + 7) / 8);
}
