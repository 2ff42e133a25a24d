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

    /// <summary>
    /// How scattered the top <paramref name="share"/> of the cells is: the spatial variance of those
    /// cells about their centroid, in image-normalised coordinates, over the variance of a uniform
    /// spread over the frame (1/12 + 1/12). One compact region covering 30% of the frame scores about
    /// 0.3, two regions on the thirds about 0.5, cells scattered over the whole frame about 1.
    /// </summary>
    public float TopSpread(float share)
    {
        float threshold = Quantile(1 - share);
        double sx = 0, sy = 0, sxx = 0, syy = 0;
        int n = 0;
        for (int y = 0; y < Height; y++)
        {
            double fy = (y + 0.5) / Height;
            for (int x = 0; x < Width; x++)
            {
                if (Values[y * Width + x] < threshold) continue;
                double fx = (x + 0.5) / Width;
                sx += fx; sy += fy; sxx += fx * fx; syy += fy * fy;
                n++;
            }
        }
        if (n == 0) return 0;
        double variance = (sxx - sx * sx / n + syy - sy * sy / n) / n;
        return (float)Math.Max(0, variance / (1.0 / 6));
    }
}

/// <summary>
/// The numbers behind a map, for tests, the benchmark and tuning: the subject probability of the
/// most distinct 1% (<see cref="Peak"/>), how scattered the most distinct 30% of the coarsest
/// feature map is (<see cref="Spread"/>), and the resulting confidence that the photo has a subject.
/// </summary>
internal sealed record SaliencyDiagnostics(float Peak, float Spread, float Confidence, int GridWidth, int GridHeight);
