namespace SemanticJpeg.Jpeg.Components;

/// <summary>One colour component as level-shifted floats (sample - 128), padded to whole blocks.</summary>
internal sealed class Plane
{
    public Plane(int width, int height)
    {
        Width = width;
        Height = height;
        Data = new float[checked(width * height)];
    }

    public int Width { get; }
    public int Height { get; }
    public float[] Data { get; }

    public Span<float> Row(int y) => Data.AsSpan(y * Width, Width);
}
