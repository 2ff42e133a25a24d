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
            double scale = (double)srcLength / dstLength;
            double support = Math.Max(1.0, scale);
            Width = (int)Math.Ceiling(support) * 2 + 1;
            Start = new int[dstLength];
            Weights = new float[dstLength * Width];
            for (int i = 0; i < dstLength; i++)
            {
                double centre = (i + 0.5) * scale - 0.5;
                int first = (int)Math.Ceiling(centre - support);
                int lo = Math.Clamp(first, 0, Math.Max(0, srcLength - Width));
                Start[i] = lo;
                double sum = 0;
                var w = Weights.AsSpan(i * Width, Width);
                for (int j = first; j < first + Width; j++)
                {
                    double weight = Math.Max(0, 1 - Math.Abs(j - centre) / support);
                    if (weight <= 0) continue;
                    int k = Math.Clamp(j, 0, srcLength - 1) - lo;
                    if (k >= Width || k < 0) continue; // only happens when srcLength < Width: clamp merged it
                    w[k] += (float)weight;
                    sum += weight;
                }
                if (sum <= 0) { w.Clear(); w[Math.Clamp((int)Math.Round(centre), 0, srcLength - 1) - lo] = 1; continue; }
                for (int k = 0; k < Width; k++) w[k] = (float)(w[k] / sum);
            }
            SrcLength = srcLength;
        }

        public int SrcLength { get; }
        public int Width { get; }
        public int[] Start { get; }
        public float[] Weights { get; }
    }

    /// <summary>
    /// Resamples an 8-bit image to planar float RGB of <paramref name="width"/> x <paramref name="height"/>
    /// (values 0..255, planes R, G, B). Grey images are replicated to three planes.
    /// </summary>
    public static float[] ToPlanarRgb(PixelImage image, int width, int height)
    {
        int sw = image.Width, sh = image.Height, ch = image.Channels;
        var tx = new Taps(sw, width);
        var ty = new Taps(sh, height);
        int plane = width * height;
        var result = new float[3 * plane];

        // Horizontal pass, one source row at a time, into a ring of rows the vertical pass reads:
        // rows are converted only once and memory stays O(width x source height / planes).
        var rows = new float[sh][];
        var needed = new bool[sh];
        for (int y = 0; y < height; y++)
            for (int k = 0; k < ty.Width; k++)
                if (ty.Weights[y * ty.Width + k] != 0) needed[Math.Min(ty.Start[y] + k, sh - 1)] = true;

        var src = image.Pixels;
        for (int sy = 0; sy < sh; sy++)
        {
            if (!needed[sy]) continue;
            var row = rows[sy] = new float[width * 3];
            int rowOffset = sy * sw * ch;
            for (int x = 0; x < width; x++)
            {
                int start = tx.Start[x];
                float r = 0, g = 0, b = 0;
                for (int k = 0; k < tx.Width; k++)
                {
                    float w = tx.Weights[x * tx.Width + k];
                    if (w == 0) continue;
                    int p = rowOffset + Math.Min(start + k, sw - 1) * ch;
                    if (ch == 3) { r += w * src[p]; g += w * src[p + 1]; b += w * src[p + 2]; }
                    else { float v = w * src[p]; r += v; g += v; b += v; }
                }
                row[3 * x] = r; row[3 * x + 1] = g; row[3 * x + 2] = b;
            }
        }

        for (int y = 0; y < height; y++)
        {
            int start = ty.Start[y];
            for (int k = 0; k < ty.Width; k++)
            {
                float w = ty.Weights[y * ty.Width + k];
                if (w == 0) continue;
                var row = rows[Math.Min(start + k, sh - 1)]!;
                int o = y * width;
                for (int x = 0; x < width; x++)
                {
                    result[o + x] += w * row[3 * x];
                    result[plane + o + x] += w * row[3 * x + 1];
                    result[2 * plane + o + x] += w * row[3 * x + 2];
                }
            }
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
            int so = p * sw * sh;
            for (int y = 0; y < sh; y++)
            {
                int ro = so + y * sw;
                for (int x = 0; x < width; x++)
                {
                    float acc = 0;
                    int start = tx.Start[x], wo = x * tx.Width;
                    for (int k = 0; k < tx.Width; k++)
                    {
                        float w = tx.Weights[wo + k];
                        if (w != 0) acc += w * src[ro + Math.Min(start + k, sw - 1)];
                    }
                    tmp[y * width + x] = acc;
                }
            }
            int doff = p * width * height;
            for (int y = 0; y < height; y++)
            {
                int start = ty.Start[y], wo = y * ty.Width;
                var dst = result.AsSpan(doff + y * width, width);
                for (int k = 0; k < ty.Width; k++)
                {
                    float w = ty.Weights[wo + k];
                    if (w == 0) continue;
                    var row = tmp.AsSpan(Math.Min(start + k, sh - 1) * width, width);
                    for (int x = 0; x < width; x++) dst[x] += w * row[x];
                }
            }
        }
        return result;
    }
}
