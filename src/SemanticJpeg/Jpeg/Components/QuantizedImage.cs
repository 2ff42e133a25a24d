using System.Buffers;

namespace SemanticJpeg.Jpeg.Components;

/// <summary>
/// Quantised levels (zig-zag order) and non-zero masks of every block of every component. Pooled storage
/// (several MB per image); <see cref="Dispose"/> returns it.
/// </summary>
internal sealed class QuantizedImage : IDisposable
{
    public QuantizedImage(FrameLayout layout)
    {
        Levels = new short[layout.Components.Length][];
        Masks = new ulong[layout.Components.Length][];
        for (int c = 0; c < layout.Components.Length; c++)
        {
            Levels[c] = ArrayPool<short>.Shared.Rent(layout.Components[c].BlockCount * 64);
            Masks[c] = ArrayPool<ulong>.Shared.Rent(layout.Components[c].BlockCount);
        }
    }

    public short[][] Levels { get; }
    public ulong[][] Masks { get; }

    public void Dispose()
    {
        for (int c = 0; c < Levels.Length; c++)
        {
            if (Levels[c].Length > 0) ArrayPool<short>.Shared.Return(Levels[c]);
            if (Masks[c].Length > 0) ArrayPool<ulong>.Shared.Return(Masks[c]);
            Levels[c] = [];
            Masks[c] = [];
        }
    }
}
