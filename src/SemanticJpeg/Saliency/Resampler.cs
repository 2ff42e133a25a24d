using System.Numerics.Tensors;
using SemanticJpeg.Imaging;

namespace SemanticJpeg.Saliency;

/// <summary>
/// Separable resampling with a triangle filter whose support widens with the shrink factor: plain
/// bilinear when enlarging, an area-like (anti-aliased) average when shrinking, so a 6000x4000
/// photo can go straight to the network's input size without aliasing. Pixel centres are aligned
/// ("half-pixel" convention), edges are clamped.
/// </summary>
internal static class Resampler
{
    /// <summary>Filter taps for resampling a line of source samples to a new length.</summary>
    internal sealed class Taps
    {
        public Taps(int srcLength, int dstLength)
        {
            SourceLength = srcLength;
            double scale = (double)srcLength / dstLength;
            double support = Math.Max(1.0, scale);
            Width = Math.Min(srcLength, (int)Math.Ceiling(support) * 2 + 1);
            Start = new int[dstLength];
            Count = new int[dstLength];
            Weights = new float[dstLength * Width];
            var acc = new double[srcLength];
            for (int i = 0; i < dstLength; i++)
            {
                double centre = (i + 0.5) * scale - 0.5;
                int first = (int)Math.Ceiling(centre - support), last = (int)Math.Floor(centre + support);
                int lo = int.MaxValue, hi = -1;
                double sum = 0;
                for (int j = first; j <= last; j++)
                {
                    double weight = 1 - Math.Abs(j - centre) / support;
                    if (weight <= 0) continue;
                    int k = Math.Clamp(j, 0, srcLength - 1); // clamped edges: the border sample repeats
                    acc[k] += weight;
                    sum += weight;
                    lo = Math.Min(lo, k);
                    hi = Math.Max(hi, k);
                }
                if (hi < 0)
                {
                    lo = hi = Math.Clamp((int)Math.Round(centre), 0, srcLength - 1);
                    acc[lo] = sum = 1;
                }
                Start[i] = lo;
                Count[i] = hi - lo + 1;
                for (int k = lo; k <= hi; k++)
                {
                    Weights[i * Width + k - lo] = (float)(acc[k] / sum);
                    acc[k] = 0;
                }
            }
        }

        /// <summary>Number of source samples.</summary>
        public int SourceLength { get; }

        /// <summary>Row stride of <see cref="Weights"/>: the most taps any output sample has.</summary>
        public int Width { get; }

        /// <summary>First source sample of each output sample.</summary>
        public int[] Start { get; }

        /// <summary>Number of source samples of each output sample; Start + Count never passes the source length.</summary>
        public int[] Count { get; }

        public float[] Weights { get; }
    }

    /// <summary>
    /// Resamples an 8-bit image to planar float RGB of <paramref name="width"/> x <paramref name="height"/>
    /// (values 0..255, planes R, G, B). Grey images are replicated to three planes.
    /// </summary>
    public static float[] ToPlanarRgb(PixelImage image, int width, int height)
    {
        // Big shrinks (a 24-megapixel photo to a 672x448 input) first average f x f boxes: one
        // cheap pass instead of a 19-tap filter per output sample. The triangle filter then does the
        // last factor of 2-4. At most f - 1 columns/rows at the right and bottom edges are dropped.
        int f = Math.Min(image.Width / width, image.Height / height) / 2;
        if (f >= 2) image = BoxShrink(image, f);

        int sw = image.Width, sh = image.Height, ch = image.Channels;
        var tx = new Taps(sw, width);
        var ty = new Taps(sh, height);
        int plane = width * height;
        var result = new float[3 * plane];

        // Horizontal pass into rows of interleaved floats, only for the source rows the vertical
        // pass reads; then the vertical pass, plane by plane.
        var rows = new float[sh][];
        for (int y = 0; y < height; y++)
            for (int k = 0; k < ty.Count[y]; k++) rows[ty.Start[y] + k] ??= [];

        var src = image.Pixels;
        for (int sy = 0; sy < sh; sy++)
        {
            if (rows[sy] is null) continue;
            var row = rows[sy] = new float[width * 3];
            int rowOffset = sy * sw * ch;
            for (int x = 0; x < width; x++)
            {
                int p = rowOffset + tx.Start[x] * ch, n = tx.Count[x], wo = x * tx.Width;
                float r = 0, g = 0, b = 0;
                if (ch == 3)
                {
                    for (int k = 0; k < n; k++, p += 3)
                    {
                        float w = tx.Weights[wo + k];
                        r += w * src[p]; g += w * src[p + 1]; b += w * src[p + 2];
                    }
                }
                else
                {
                    for (int k = 0; k < n; k++, p++) r += tx.Weights[wo + k] * src[p];
                    g = b = r;
                }
                row[3 * x] = r; row[3 * x + 1] = g; row[3 * x + 2] = b;
            }
        }

        var line = new float[width * 3];
        for (int y = 0; y < height; y++)
        {
            Array.Clear(line);
            for (int k = 0; k < ty.Count[y]; k++)
                TensorPrimitives.MultiplyAdd(rows[ty.Start[y] + k], ty.Weights[y * ty.Width + k], line, line);
            int o = y * width;
            for (int x = 0; x < width; x++)
            {
                result[o + x] = line[3 * x];
                result[plane + o + x] = line[3 * x + 1];
                result[2 * plane + o + x] = line[3 * x + 2];
            }
        }
        return result;
    }

    /// <summary>Averages each <paramref name="f"/> x <paramref name="f"/> box into one pixel.</summary>
    internal static PixelImage BoxShrink(PixelImage image, int f)
    {
        int ch = image.Channels, w = image.Width / f, h = image.Height / f;
        var result = new PixelImage(w, h, ch);
        var sums = new int[w * ch];
        int area = f * f, half = area / 2;
        for (int y = 0; y < h; y++)
        {
            Array.Clear(sums);
            for (int dy = 0; dy < f; dy++)
            {
                ReadOnlySpan<byte> row = image.Row(y * f + dy);
                int i = 0;
                if (ch == 3)
                {
                    for (int o = 0; o < sums.Length; o += 3)
                    {
                        int r = 0, g = 0, b = 0;
                        for (int dx = 0; dx < f; dx++, i += 3) { r += row[i]; g += row[i + 1]; b += row[i + 2]; }
                        sums[o] += r; sums[o + 1] += g; sums[o + 2] += b;
                    }
                }
                else
                {
                    for (int o = 0; o < sums.Length; o++)
                    {
                        int v = 0;
                        for (int dx = 0; dx < f; dx++) v += row[i++];
                        sums[o] += v;
                    }
                }
            }
            var dst = result.Row(y);
            for (int i = 0; i < dst.Length; i++) dst[i] = (byte)((sums[i] + half) / area);
        }
        return result;
    }

    /// <summary>Resamples <paramref name="planes"/> planes of floats (planar layout) to a new size.</summary>
    public static float[] ResizePlanes(float[] src, int planes, int sw, int sh, int width, int height)
    {
        var tx = new Taps(sw, width);
        var ty = new Taps(sh, height);
        var tmp = new float[sh * width];
        var result = new float[planes * width * height];
        for (int p = 0; p < planes; p++)
        {
            for (int y = 0; y < sh; y++)
                ResampleRow(src.AsSpan(p * sw * sh + y * sw, sw), tmp.AsSpan(y * width, width), tx);
            for (int y = 0; y < height; y++)
                ResampleColumn(tmp, width, y, ty, result.AsSpan(p * width * height + y * width, width));
        }
        return result;
    }

    /// <summary>One line through <paramref name="taps"/> (the horizontal pass of <see cref="ResizePlanes"/>).</summary>
    internal static void ResampleRow(ReadOnlySpan<float> row, Span<float> dst, Taps taps)
    {
        for (int x = 0; x < dst.Length; x++)
        {
            float acc = 0;
            var w = taps.Weights.AsSpan(x * taps.Width, taps.Count[x]);
            var s = row.Slice(taps.Start[x], w.Length);
            for (int k = 0; k < w.Length; k++) acc += w[k] * s[k];
            dst[x] = acc;
        }
    }

    /// <summary>
    /// Output row <paramref name="y"/> of the vertical pass over rows of <paramref name="width"/>
    /// samples already resampled horizontally; <paramref name="dst"/> must start zeroed.
    /// </summary>
    internal static void ResampleColumn(float[] rows, int width, int y, Taps taps, Span<float> dst)
    {
        for (int k = 0; k < taps.Count[y]; k++)
            TensorPrimitives.MultiplyAdd(rows.AsSpan((taps.Start[y] + k) * width, width), taps.Weights[y * taps.Width + k], dst, dst);
    }
}
