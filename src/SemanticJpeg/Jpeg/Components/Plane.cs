using System.Buffers;

namespace SemanticJpeg.Jpeg.Components;

/// <summary>
/// One colour component as level-shifted floats (sample - 128), padded to whole blocks. The storage is rented
/// from the shared array pool (planes are large and short-lived: allocating them fresh per image costs a
/// full garbage collection every few encodes); <see cref="Return"/> hands it back.
/// </summary>
internal sealed class Plane
{
    public Plane(int width, int height)
    {
        Width = width;
        Height = height;
        Data = ArrayPool<float>.Shared.Rent(checked(width * height));
    }

    public int Width { get; }
    public int Height { get; }

    /// <summary>At least Width * Height samples, row-major with stride Width (may be longer: pooled).</summary>
    public float[] Data { get; private set; }

    public Span<float> Row(int y) => Data.AsSpan(y * Width, Width);

    public void Return()
    {
        if (Data.Length == 0) return;
        ArrayPool<float>.Shared.Return(Data);
        Data = [];
    }
}
