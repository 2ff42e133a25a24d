namespace SemanticJpeg.Jpeg.Components;

/// <summary>Quantised levels (zig-zag order) and non-zero masks of every block of every component.</summary>
internal sealed class QuantizedImage
{
    public QuantizedImage(FrameLayout layout)
    {
        Levels = new short[layout.Components.Length][];
        Masks = new ulong[layout.Components.Length][];
        for (int c = 0; c < layout.Components.Length; c++)
        {
            Levels[c] = new short[layout.Components[c].BlockCount * 64];
            Masks[c] = new ulong[layout.Components[c].BlockCount];
        }
    }

    public short[][] Levels { get; }
    public ulong[][] Masks { get; }
}
