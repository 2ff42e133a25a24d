using System.Numerics;
using System.Runtime.CompilerServices;

namespace SemanticJpeg.Jpeg.Components;

/// <summary>
/// Inverse 8x8 DCT of orthonormal coefficients (T.81 A.3.3, the values a decoder multiplies its levels back to),
/// as a product with the cosine basis, in floats: what a decoder shows before it rounds and clamps. The writer
/// uses it to see its own output (<see cref="LumaReconstruction"/>); decoders' integer transforms differ from it
/// by rounding only.
/// </summary>
internal static class InverseDct
{
    /// <summary>[u * 8 + x] = alpha(u) cos((2x + 1) u pi / 16): row u is basis function u sampled at x = 0..7.</summary>
    private static readonly float[] Basis = BuildBasis();

    /// <summary>
    /// Samples (row-major, not level-shifted) of the block whose orthonormal coefficients are
    /// <paramref name="coefficients"/> (natural order, [v * 8 + u]).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Inverse(ReadOnlySpan<float> coefficients, Span<float> samples)
    {
        if (coefficients.Length < 64 || samples.Length < 64) throw new ArgumentException("A block has 64 values.");
        Span<float> rows = stackalloc float[64];
        if (Vector<float>.Count == 8)
        {
            // rows[v][x] = sum_u F[v][u] B[u][x]; samples[y][x] = sum_v B[v][y] rows[v][x]: 8 lanes over x.
            var basis = Basis.AsSpan();
            for (int v = 0; v < 8; v++)
            {
                var acc = Vector<float>.Zero;
                for (int u = 0; u < 8; u++)
                {
                    float f = coefficients[v * 8 + u];
                    if (f != 0) acc += new Vector<float>(basis.Slice(u * 8, 8)) * f;
                }
                acc.CopyTo(rows.Slice(v * 8, 8));
            }
            for (int y = 0; y < 8; y++)
            {
                var acc = Vector<float>.Zero;
                for (int v = 0; v < 8; v++) acc += new Vector<float>(rows.Slice(v * 8, 8)) * basis[v * 8 + y];
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

    private static float[] BuildBasis()
    {
        var b = new float[64];
        for (int u = 0; u < 8; u++)
        for (int x = 0; x < 8; x++)
            b[u * 8 + x] = (float)((u == 0 ? Math.Sqrt(1.0 / 8) : 0.5) * Math.Cos((2 * x + 1) * u * Math.PI / 16));
        return b;
    }
}
