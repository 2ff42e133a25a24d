namespace SemanticJpeg.Saliency;

/// <summary>A coarse map over the whole image (cell centres spread evenly over it), row-major.</summary>
internal sealed record SaliencyGrid(float[] Values, int Width, int Height)
{
    public SaliencyGrid ResizeTo(int width, int height) =>
        width == Width && height == Height ? this : new(Resampler.ResizePlanes(Values, 1, Width, Height, width, height), width, height);

    public SaliencyGrid Add(SaliencyGrid other)
    {
        var v = (float[])Values.Clone();
        for (int i = 0; i < v.Length; i++) v[i] += other.Values[i];
        return this with { Values = v };
    }

    public SaliencyGrid Scale(float factor)
    {
        var v = (float[])Values.Clone();
        for (int i = 0; i < v.Length; i++) v[i] *= factor;
        return this with { Values = v };
    }

    /// <summary>The value at quantile <paramref name="q"/> (0..1), linear between ranks.</summary>
    public float Quantile(float q) => Quantile(Values, q);

    public static float Quantile(float[] values, float q)
    {
        var sorted = (float[])values.Clone();
        Array.Sort(sorted);
        double pos = q * (sorted.Length - 1);
        int lo = (int)Math.Floor(pos), hi = Math.Min(lo + 1, sorted.Length - 1);
        return (float)(sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo));
    }
}

/// <summary>The numbers behind a map, for tests, the benchmark and tuning.</summary>
internal sealed record SaliencyDiagnostics(float Contrast, float Structure, float Confidence, float Low, float High, int GridWidth, int GridHeight);
