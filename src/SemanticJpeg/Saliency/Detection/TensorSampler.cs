using SemanticJpeg.Imaging;

namespace SemanticJpeg.Saliency.Detection;

/// <summary>
/// Shrinks a photo into a detector's square NHWC float input. Each output sample is the mean of
/// the source pixels under it (exact area coverage, separable), so a 6000x4000 photo costs one
/// pass over its pixels and fine texture does not alias into face-like patterns the way point
/// sampling would. <c>letterbox</c> keeps the aspect ratio (centred, the rest filled with
/// <c>pad</c>), which the face detector needs; otherwise the photo is stretched to the square.
/// </summary>
internal static class TensorSampler
{
    /// <summary>Where the photo lands in the tensor: offset and size in tensor pixels.</summary>
    public readonly record struct Placement(float Left, float Top, float Width, float Height);

    public static float[] Sample(PixelImage image, int size, bool letterbox, float scale, float offset, float pad, out Placement placement)
    {
        int dw = size, dh = size;
        if (letterbox)
        {
            float s = (float)size / Math.Max(image.Width, image.Height);
            dw = Math.Clamp((int)MathF.Round(image.Width * s), 1, size);
            dh = Math.Clamp((int)MathF.Round(image.Height * s), 1, size);
        }
        int left = (size - dw) / 2, top = (size - dh) / 2;
        placement = new Placement(left, top, dw, dh);

        var columns = Weights(image.Width, dw);
        var rows = Weights(image.Height, dh);
        int ch = image.Channels;

        // Horizontal pass: every source row shrunk to dw x 3.
        var tmp = new float[image.Height * dw * 3];
        for (int y = 0; y < image.Height; y++)
        {
            var row = image.Row(y);
            int o = y * dw * 3;
            for (int x = 0; x < dw; x++, o += 3)
            {
                float r = 0, g = 0, b = 0;
                foreach (var (src, w) in columns[x])
                {
                    int i = src * ch;
                    r += row[i] * w;
                    g += row[ch == 3 ? i + 1 : i] * w;
                    b += row[ch == 3 ? i + 2 : i] * w;
                }
                tmp[o] = r; tmp[o + 1] = g; tmp[o + 2] = b;
            }
        }

        var tensor = new float[size * size * 3];
        for (int y = 0; y < dh; y++)
        {
            int o = ((top + y) * size + left) * 3;
            foreach (var (src, w) in rows[y])
            {
                int t = src * dw * 3;
                for (int k = 0; k < dw * 3; k++) tensor[o + k] += tmp[t + k] * w;
            }
            for (int k = 0; k < dw * 3; k++) tensor[o + k] = tensor[o + k] * scale + offset;
        }
        if (dw < size || dh < size)
        {
            for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
                if (y < top || y >= top + dh || x < left || x >= left + dw)
                    tensor.AsSpan((y * size + x) * 3, 3).Fill(pad);
        }
        return tensor;
    }

    /// <summary>For each of <paramref name="dst"/> output cells, the source indices it covers and their shares (summing to 1).</summary>
    internal static (int Src, float W)[][] Weights(int src, int dst)
    {
        var result = new (int, float)[dst][];
        double ratio = (double)src / dst;
        for (int i = 0; i < dst; i++)
        {
            double a = i * ratio, b = (i + 1) * ratio;
            if (ratio <= 1)
            {
                // Enlarging: the cell lies inside one source pixel (or on a border between two).
                int s0 = Math.Min((int)Math.Floor(a), src - 1);
                int s1 = Math.Min((int)Math.Floor(b - 1e-9), src - 1);
                result[i] = s0 == s1 ? [(s0, 1f)] : [(s0, (float)((s1 - a) / ratio)), (s1, (float)((b - s1) / ratio))];
                continue;
            }
            int first = (int)Math.Floor(a), last = Math.Min((int)Math.Ceiling(b) - 1, src - 1);
            var list = new List<(int, float)>(last - first + 1);
            for (int s = first; s <= last; s++)
            {
                double cover = Math.Min(b, s + 1) - Math.Max(a, s);
                if (cover > 1e-9) list.Add((s, (float)(cover / ratio)));
            }
            result[i] = list.ToArray();
        }
        return result;
    }
}
