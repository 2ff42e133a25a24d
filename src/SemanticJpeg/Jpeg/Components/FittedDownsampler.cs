using System.Numerics;
using System.Runtime.CompilerServices;

namespace SemanticJpeg.Jpeg.Components;

/// <summary>
/// Chroma subsampling fitted to the decoder's upsampler: the subsampled plane whose upsampled version is closest,
/// in squared error, to the full-resolution chroma. Box averaging (<see cref="Downsampler"/>, libjpeg's) is
/// what a decoder that replicates samples would want; libjpeg-turbo, and so browsers, Magick, PIL and djpeg,
/// upsample with a triangle filter (<see cref="ChromaUpsampler"/>). Fitted to that filter, the
/// chroma a photo keeps through 4:2:0 is measured 1.5-6 dB closer to the original (RGB PSNR of subsampling
/// alone, README-encoder.md), and the chroma errors count fully in RGB PSNR.
/// </summary>
/// <remarks>
/// The fit is linear least squares, min ||U x - c||^2 with U the upsampler. U is separable, so U^T U is the
/// Kronecker product of two one-dimensional matrices, each tridiagonal (interior rows 0.375, 1.25, 0.375); the
/// normal equations are solved exactly, a tridiagonal solve along every row and then every column. The least
/// squares optimum is the same for Cb and Cr taken together in RGB (the colour transform's Gram matrix factors
/// out when both use one U), so each plane is fitted alone. Samples stay in the level-shifted 8-bit range.
/// </remarks>
internal static class FittedDownsampler
{
    /// <summary>
    /// <paramref name="src"/> (padded to whole MCUs, <paramref name="width"/> x <paramref name="height"/> of it
    /// real) subsampled by the factors; the padding of the result replicates its last real sample as the
    /// decoder's upsampler does. <paramref name="residual"/>: the squared error the result leaves once
    /// upsampled, <c>||U x - c||^2</c> over the real picture.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Plane Downsample(Plane src, int width, int height, int factorH, int factorV, out double residual)
    {
        if (factorH == 1 && factorV == 1) throw new ArgumentException("Nothing to fit without subsampling.", nameof(factorH));
        int cw = (width + factorH - 1) / factorH, ch = (height + factorV - 1) / factorV;
        var dst = new Plane(src.Width / factorH, src.Height / factorV);
        int stride = dst.Width;
        var rowTaps = new UpsamplerTaps(width, factorH);
        var colTaps = new UpsamplerTaps(height, factorV);

        // b = U^T c, vertically first (whole rows as vectors), then along each of the half as many rows.
        var d = dst.Data;
        Array.Clear(d, 0, dst.Width * dst.Height);
        var columnSums = new Plane(width, ch);
        Array.Clear(columnSums.Data, 0, width * ch);
        double energy = 0;  // ||c||^2
        for (int y = 0; y < height; y++)
        {
            var c = src.Row(y)[..width];
            energy += Dot(c, c);
            var (ri, rwi, rj, rwj) = colTaps.Of(y);
            Accumulate(columnSums.Row(ri), c, rwi);
            Accumulate(columnSums.Row(rj), c, rwj);
        }
        for (int y = 0; y < ch; y++) rowTaps.Scatter(columnSums.Row(y), d.AsSpan(y * stride, cw));
        columnSums.Return();
        var b = new Plane(cw, ch);
        for (int y = 0; y < ch; y++) d.AsSpan(y * stride, cw).CopyTo(b.Row(y));

        // (A_v kron A_h) x = b: solve along every row, then along every column (the rows swept as vectors).
        var rows = new TridiagonalSolver(rowTaps.Gram());
        var columns = new TridiagonalSolver(colTaps.Gram());
        rows.SolveEachRow(d, stride, cw, ch);
        columns.SolveRows(d, stride, cw);
        for (int y = 0; y < ch; y++)
        {
            var row = dst.Row(y);
            for (int x = 0; x < cw; x++) row[x] = Math.Clamp(row[x], -128f, 127f);
        }

        // ||U x - c||^2 = x^T A x - 2 x^T b + ||c||^2 (exact for the clamped x too), A = A_v kron A_h:
        // x^T A x = sum over rows y, y' of A_v[y, y'] x_y^T A_h x_y'.
        double quadratic = 0, linear = 0;
        for (int y = 0; y < ch; y++)
        {
            var row = dst.Row(y)[..cw];
            linear += Dot(row, b.Row(y));
            quadratic += columns.Diagonal[y] * rows.Form(row, row);
            if (y > 0) quadratic += 2 * columns.Off[y - 1] * rows.Form(row, dst.Row(y - 1)[..cw]);
        }
        residual = Math.Max(0, quadratic - 2 * linear + energy);
        b.Return();

        for (int y = 0; y < ch; y++)
        {
            var row = dst.Row(y);
            row[cw..].Fill(row[cw - 1]);
        }
        for (int y = ch; y < dst.Height; y++) dst.Row(ch - 1).CopyTo(dst.Row(y));
        return dst;
    }

    /// <summary>Sum of a[i] b[i], in double (the residual is a small difference of large sums).</summary>
    private static double Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        int i = 0;
        double sum = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var acc = Vector<double>.Zero;
            for (; i <= a.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                Vector.Widen(new Vector<float>(a[i..]), out var a0, out var a1);
                Vector.Widen(new Vector<float>(b[i..]), out var b0, out var b1);
                acc += a0 * b0 + a1 * b1;
            }
            sum = Vector.Sum(acc);
        }
        for (; i < a.Length; i++) sum += (double)a[i] * b[i];
        return sum;
    }

    /// <summary>Sum of a[i] b[i] w[i], in double.</summary>
    private static double WeightedDot(ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> w)
    {
        int i = 0;
        double sum = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var acc = Vector<double>.Zero;
            for (; i <= a.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                Vector.Widen(new Vector<float>(a[i..]) * new Vector<float>(w[i..]), out var a0, out var a1);
                Vector.Widen(new Vector<float>(b[i..]), out var b0, out var b1);
                acc += a0 * b0 + a1 * b1;
            }
            sum = Vector.Sum(acc);
        }
        for (; i < a.Length; i++) sum += (double)(a[i] * w[i]) * b[i];
        return sum;
    }

    /// <summary>into += factor * values.</summary>
    private static void Accumulate(Span<float> into, ReadOnlySpan<float> values, float factor)
    {
        int x = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var f = new Vector<float>(factor);
            for (; x <= into.Length - Vector<float>.Count; x += Vector<float>.Count)
                (new Vector<float>(into[x..]) + f * new Vector<float>(values[x..])).CopyTo(into[x..]);
        }
        for (; x < into.Length; x++) into[x] += factor * values[x];
    }

    private static void Scale(Span<float> values, float factor)
    {
        int x = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var f = new Vector<float>(factor);
            for (; x <= values.Length - Vector<float>.Count; x += Vector<float>.Count)
                (new Vector<float>(values[x..]) * f).CopyTo(values[x..]);
        }
        for (; x < values.Length; x++) values[x] *= factor;
    }

    /// <summary>Thomas algorithm for a symmetric, diagonally dominant tridiagonal matrix, factorised once.</summary>
    private sealed class TridiagonalSolver
    {
        private readonly float[] _off, _diagonal, _inverseDiagonal, _forward;

        public TridiagonalSolver((double[] Diagonal, double[] Off) matrix)
        {
            var (diag, off) = matrix;
            Diagonal = diag;
            Off = off;
            int n = diag.Length;
            _off = off.Select(v => (float)v).ToArray();
            _diagonal = diag.Select(v => (float)v).ToArray();
            _inverseDiagonal = new float[n];
            _forward = new float[Math.Max(0, n - 1)];
            double pivot = diag[0];
            _inverseDiagonal[0] = (float)(1 / pivot);
            for (int i = 1; i < n; i++)
            {
                double l = off[i - 1] / pivot;
                _forward[i - 1] = (float)l;
                pivot = diag[i] - l * off[i - 1];
                _inverseDiagonal[i] = (float)(1 / pivot);
            }
        }

        public double[] Diagonal { get; }

        public double[] Off { get; }

        /// <summary>u^T M v: the diagonal and the two off-diagonals as weighted dot products of shifted rows.</summary>
        public double Form(ReadOnlySpan<float> u, ReadOnlySpan<float> v)
        {
            double sum = WeightedDot(u, v, _diagonal);
            if (_off.Length > 0) sum += WeightedDot(u[1..], v[..^1], _off) + WeightedDot(u[..^1], v[1..], _off);
            return sum;
        }

        /// <summary>Solves in place along each of <paramref name="count"/> rows, four at a time (their chains are independent).</summary>
        public void SolveEachRow(float[] data, int stride, int width, int count)
        {
            int n = _inverseDiagonal.Length;
            int r = 0;
            for (; r + 4 <= count; r += 4)
            {
                var a = data.AsSpan(r * stride, width);
                var b = data.AsSpan((r + 1) * stride, width);
                var c = data.AsSpan((r + 2) * stride, width);
                var e = data.AsSpan((r + 3) * stride, width);
                for (int i = 1; i < n; i++)
                {
                    float f = _forward[i - 1];
                    a[i] -= f * a[i - 1]; b[i] -= f * b[i - 1]; c[i] -= f * c[i - 1]; e[i] -= f * e[i - 1];
                }
                float last = _inverseDiagonal[n - 1];
                a[n - 1] *= last; b[n - 1] *= last; c[n - 1] *= last; e[n - 1] *= last;
                for (int i = n - 2; i >= 0; i--)
                {
                    float o = _off[i], inv = _inverseDiagonal[i];
                    a[i] = (a[i] - o * a[i + 1]) * inv; b[i] = (b[i] - o * b[i + 1]) * inv;
                    c[i] = (c[i] - o * c[i + 1]) * inv; e[i] = (e[i] - o * e[i + 1]) * inv;
                }
            }
            for (; r < count; r++) Solve(data.AsSpan(r * stride, width));
        }

        /// <summary>Solves in place for one vector.</summary>
        private void Solve(Span<float> values)
        {
            int n = _inverseDiagonal.Length;
            for (int i = 1; i < n; i++) values[i] -= _forward[i - 1] * values[i - 1];
            values[n - 1] *= _inverseDiagonal[n - 1];
            for (int i = n - 2; i >= 0; i--) values[i] = (values[i] - _off[i] * values[i + 1]) * _inverseDiagonal[i];
        }

        /// <summary>Solves in place for every column of the n rows of <paramref name="width"/> at stride <paramref name="stride"/>, sweeping whole rows.</summary>
        public void SolveRows(float[] data, int stride, int width)
        {
            int n = _inverseDiagonal.Length;
            Span<float> Row(int i) => data.AsSpan(i * stride, width);
            for (int i = 1; i < n; i++) Accumulate(Row(i), Row(i - 1), -_forward[i - 1]);
            Scale(Row(n - 1), _inverseDiagonal[n - 1]);
            for (int i = n - 2; i >= 0; i--)
            {
                Accumulate(Row(i), Row(i + 1), -_off[i]);
                Scale(Row(i), _inverseDiagonal[i]);
            }
        }
    }
}
