using System.Runtime.CompilerServices;

namespace SemanticJpeg.Jpeg.Components;

/// <summary>
/// The decoder's chroma upsampler as libjpeg-turbo (and so browsers, Magick, PIL and djpeg) runs it by default,
/// "fancy upsampling": per direction, each full-resolution sample is 3/4 of the nearer subsampled sample and
/// 1/4 of the next one on its side, the component's last real sample replicated at its edges. What
/// <see cref="FittedDownsampler"/> fits to, and what chroma error costs once upsampled (<see cref="Gain"/>).
/// </summary>
internal static class ChromaUpsampler
{
    private static readonly float[][] Gains = [BasisGain(2, 2), BasisGain(2, 1), BasisGain(1, 1)];

    /// <summary>
    /// [zig-zag] the squared error one unit of squared error in a subsampled chroma coefficient makes at full
    /// resolution once upsampled: the DCT basis function's energy through the upsampler, taken alone (the
    /// neighbouring blocks' errors independent of it). At 4:2:0 DC makes 3.6 (nearly the 4 pixels a sample
    /// covers) and the highest frequency 0.3: the triangle filter blurs it away, so that error is cheap.
    /// </summary>
    public static float[] Gain(int factorH, int factorV) => Gains[factorH == 1 ? 2 : factorV == 1 ? 1 : 0];

    private static float[] BasisGain(int factorH, int factorV)
    {
        var gh = OneDimensionalGain(factorH);
        var gv = OneDimensionalGain(factorV);
        var zz = ZigZag.ToNatural;
        var gain = new float[64];
        for (int k = 0; k < 64; k++) gain[k] = (float)(gv[zz[k] / 8] * gh[zz[k] % 8]);
        return gain;
    }

    /// <summary>
    /// b_u^T A b_u for the 8-point DCT basis b_u, A = U^T U of the upsampler over the block's samples: 1.25 on the
    /// diagonal and 0.375 beside it away from the picture's edges (1 for no subsampling).
    /// </summary>
    private static double[] OneDimensionalGain(int factor)
    {
        var g = new double[8];
        for (int u = 0; u < 8; u++)
        {
            if (factor == 1) { g[u] = 1; continue; }
            double c = u == 0 ? Math.Sqrt(1.0 / 8) : Math.Sqrt(2.0 / 8);
            double diagonal = 0, beside = 0;
            for (int n = 0; n < 8; n++)
            {
                double b = c * Math.Cos((2 * n + 1) * u * Math.PI / 16);
                diagonal += b * b;
                if (n < 7) beside += b * c * Math.Cos((2 * n + 3) * u * Math.PI / 16);
            }
            g[u] = 1.25 * diagonal + 2 * 0.375 * beside;
        }
        return g;
    }
}

/// <summary>
/// The upsampler along one direction: output sample o (of <c>length</c>) is 3/4 of input o / f and 1/4 of that
/// input's neighbour on o's side, clamped to the real inputs (the same input twice at an edge); f = 1 is the
/// identity.
/// </summary>
internal readonly struct UpsamplerTaps
{
    private const float Near = 0.75f;
    private readonly int _factor;

    public UpsamplerTaps(int length, int factor)
    {
        Length = length;
        _factor = factor;
        Inputs = (length + factor - 1) / factor;
    }

    /// <summary>Full-resolution samples.</summary>
    public int Length { get; }

    /// <summary>Real subsampled samples: ceil(length / factor).</summary>
    public int Inputs { get; }

    /// <summary>The inputs output o is made of and their weights.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public (int I, float Wi, int J, float Wj) Of(int o)
    {
        if (_factor == 1) return (o, 1f, o, 0f);
        int i = o >> 1;
        int j = Math.Clamp((o & 1) == 0 ? i - 1 : i + 1, 0, Inputs - 1);
        return (i, Near, j, 1 - Near);
    }

    /// <summary>into += U^T values: each full-resolution value sent back to the two samples it is made of.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Scatter(ReadOnlySpan<float> values, Span<float> into)
    {
        if (_factor == 1) { for (int o = 0; o < Length; o++) into[o] += values[o]; return; }
        int last = Inputs - 1;
        for (int i = 1; i < last; i++)
        {
            float even = values[2 * i], odd = values[2 * i + 1];
            into[i] += Near * (even + odd);
            into[i - 1] += (1 - Near) * even;
            into[i + 1] += (1 - Near) * odd;
        }
        var (head, tail) = Edges();
        for (int o = 0; o < Length; o = o + 1 == head ? tail : o + 1)
        {
            var (i, wi, j, wj) = Of(o);
            into[i] += wi * values[o];
            into[j] += wj * values[o];
        }
    }

    /// <summary>
    /// The outputs of the first and the last input, the only ones whose neighbour is clamped: [0, head) and
    /// [tail, Length), disjoint (the rest have both neighbours).
    /// </summary>
    private (int Head, int Tail) Edges()
    {
        int head = Math.Min(Length, 2);
        return (head, Math.Max(head, 2 * (Inputs - 1)));
    }

    /// <summary>U^T U along this direction: (diagonal, off-diagonal) of its tridiagonal Gram matrix.</summary>
    public (double[] Diagonal, double[] Off) Gram()
    {
        var diag = new double[Inputs];
        var off = new double[Math.Max(0, Inputs - 1)];
        for (int o = 0; o < Length; o++)
        {
            var (i, wi, j, wj) = Of(o);
            if (i == j) { diag[i] += (wi + wj) * (wi + wj); continue; }
            diag[i] += wi * wi;
            diag[j] += wj * wj;
            off[Math.Min(i, j)] += wi * wj;
        }
        return (diag, off);
    }
}
