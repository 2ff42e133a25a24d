namespace SemanticJpeg.Jpeg.Components;

/// <summary>One component of the frame: sampling factors, table, and its block grid (whole MCUs).</summary>
internal sealed record ComponentInfo(int Id, int H, int V, int Table, int BlocksWide, int BlocksHigh)
{
    public int BlockCount => BlocksWide * BlocksHigh;
}

/// <summary>
/// Frame geometry (T.81 A.1.1, A.2): component sampling factors, the MCU grid and each component's block grid.
/// A grey image is one component coded non-interleaved (one block per MCU); colour is one interleaved scan.
/// </summary>
internal sealed class FrameLayout
{
    public FrameLayout(int width, int height, bool grey, ChromaSubsampling subsampling)
    {
        Width = width;
        Height = height;
        if (grey)
        {
            MaxH = MaxV = 1;
        }
        else
        {
            MaxH = subsampling == ChromaSubsampling.Yuv444 ? 1 : 2;
            MaxV = subsampling == ChromaSubsampling.Yuv420 ? 2 : 1;
        }
        McusWide = (width + 8 * MaxH - 1) / (8 * MaxH);
        McusHigh = (height + 8 * MaxV - 1) / (8 * MaxV);
        Components = grey
            ? [new ComponentInfo(1, 1, 1, 0, McusWide, McusHigh)]
            :
            [
                new ComponentInfo(1, MaxH, MaxV, 0, McusWide * MaxH, McusHigh * MaxV),
                new ComponentInfo(2, 1, 1, 1, McusWide, McusHigh),
                new ComponentInfo(3, 1, 1, 1, McusWide, McusHigh),
            ];
    }

    public int Width { get; }
    public int Height { get; }
    public int MaxH { get; }
    public int MaxV { get; }
    public int McusWide { get; }
    public int McusHigh { get; }
    public ComponentInfo[] Components { get; }
    public bool IsGrey => Components.Length == 1;

    /// <summary>Padded picture size in full-resolution samples: whole MCUs.</summary>
    public int PaddedWidth => McusWide * 8 * MaxH;
    public int PaddedHeight => McusHigh * 8 * MaxV;
}
