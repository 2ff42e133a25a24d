using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SemanticJpeg.Metrics;

/// <summary>
/// Orthonormal 2-D DCT-II of an 8x8 block and its inverse, the same transforms as MATLAB's dct2 / idct2 on 8x8:
/// F = C X C^T with C[u, x] = a(u) cos((2x + 1) u pi / 16), a(0) = sqrt(1/8), a(u>0) = sqrt(2/8).
/// </summary>
internal static class Dct8x8
{
    /// <summary>C, row-major: Basis[u * 8 + x].</summary>
    internal static readonly float[] Basis = BuildBasis();

    private static float[] BuildBasis()
    {
        var c = new float[64];
        for (int u = 0; u < 8; u++)
        for (int x = 0; x < 8; x++)
        {
            double a = u == 0 ? Math.Sqrt(1.0 / 8) : Math.Sqrt(2.0 / 8);
            c[u * 8 + x] = (float)(a * Math.Cos((2 * x + 1) * u * Math.PI / 16));
        }
        return c;
    }

    /// <summary>Whether the Vector256 path is worth running on this machine.</summary>
    internal static bool Vectorised => Vector256.IsHardwareAccelerated;

    /// <summary>Transforms the 64 row-major samples of <paramref name="block"/> into <paramref name="output"/>.</summary>
    public static void Forward(ReadOnlySpan<float> block, Span<float> output, bool vectorised)
    {
        if (vectorised) ForwardVector256(block, output);
        else ForwardScalar(block, output);
    }

    public static void ForwardScalar(ReadOnlySpan<float> block, Span<float> output)
    {
        Span<float> t = stackalloc float[64];
        // T = C X
        for (int u = 0; u < 8; u++)
        for (int x = 0; x < 8; x++)
        {
            float s = 0;
            for (int k = 0; k < 8; k++) s += Basis[u * 8 + k] * block[k * 8 + x];
            t[u * 8 + x] = s;
        }
        // F = T C^T
        for (int u = 0; u < 8; u++)
        for (int v = 0; v < 8; v++)
        {
            float s = 0;
            for (int k = 0; k < 8; k++) s += t[u * 8 + k] * Basis[v * 8 + k];
            output[u * 8 + v] = s;
        }
    }

    internal static void ForwardVector256(ReadOnlySpan<float> block, Span<float> output)
    {
        // One Vector256<float> is one row of 8 samples. T = C X: row u of T is the sum over k of
        // C[u, k] times row k of X. F = T C^T: row u of F is the sum over k of T[u, k] times row k
        // of C^T, i.e. column k of C.
        Span<float> t = stackalloc float[64];
        for (int u = 0; u < 8; u++)
        {
            var acc = Vector256<float>.Zero;
            for (int k = 0; k < 8; k++)
                acc += Vector256.Create(Basis[u * 8 + k]) * Vector256.Create<float>(block.Slice(k * 8, 8));
            acc.CopyTo(t.Slice(u * 8, 8));
        }
        for (int u = 0; u < 8; u++)
        {
            var acc = Vector256<float>.Zero;
            for (int k = 0; k < 8; k++)
                acc += Vector256.Create(t[u * 8 + k]) * BasisColumns[k];
            acc.CopyTo(output.Slice(u * 8, 8));
        }
    }

    /// <summary>
    /// The inverse, X = C^T F C: the 64 row-major samples (not level-shifted) of the block whose orthonormal
    /// coefficients are <paramref name="coefficients"/> (row-major [v * 8 + u], the values a JPEG decoder
    /// multiplies its levels back to). The writer uses it to see its own output.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Inverse(ReadOnlySpan<float> coefficients, Span<float> samples)
    {
        if (coefficients.Length < 64 || samples.Length < 64) throw new ArgumentException("A block has 64 values.");
        Span<float> rows = stackalloc float[64];
        if (Vectorised)
        {
            // rows[v] = sum_u F[v, u] C[u] (row u of C); samples[y] = sum_v C[v, y] rows[v]: 8 lanes over x.
            var basis = Basis.AsSpan();
            for (int v = 0; v < 8; v++)
            {
                var acc = Vector256<float>.Zero;
                for (int u = 0; u < 8; u++)
                {
                    float f = coefficients[v * 8 + u];
                    if (f != 0) acc += Vector256.Create<float>(basis.Slice(u * 8, 8)) * f;
                }
                acc.CopyTo(rows.Slice(v * 8, 8));
            }
            for (int y = 0; y < 8; y++)
            {
                var acc = Vector256<float>.Zero;
                for (int v = 0; v < 8; v++) acc += Vector256.Create<float>(rows.Slice(v * 8, 8)) * basis[v * 8 + y];
                acc.CopyTo(samples.Slice(y * 8, 8));
            }
            return;
        }
        for (int v = 0; v < 8; v++)
        for (int x = 0; x < 8; x++)
        {
            float sum = 0;
            for (int u = 0; u < 8; u++) sum += coefficients[v * 8 + u] * Basis[u * 8 + x];
            rows[v * 8 + x] = sum;
        }
        for (int y = 0; y < 8; y++)
        for (int x = 0; x < 8; x++)
        {
            float sum = 0;
            for (int v = 0; v < 8; v++) sum += rows[v * 8 + x] * Basis[v * 8 + y];
            samples[y * 8 + x] = sum;
        }
    }

    private static readonly Vector256<float>[] BasisColumns = Enumerable.Range(0, 8)
        .Select(k => Vector256.Create(Enumerable.Range(0, 8).Select(v => Basis[v * 8 + k]).ToArray()))
        .ToArray();
}
