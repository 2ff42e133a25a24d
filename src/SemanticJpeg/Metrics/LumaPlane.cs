using SemanticJpeg.Imaging;

namespace SemanticJpeg.Metrics;

/// <summary>
/// One float plane of luma samples on the 0..255 scale, the input of every luma metric.
/// </summary>
/// <remarks>
/// RGB is converted with the JFIF (BT.601 full-range) weights Y = 0.299 R + 0.587 G + 0.114 B and
/// NOT rounded to 8 bits: rounding would add up to 0.5 of quantisation error to both images and
/// blur the differences the metrics are meant to see. A grey image is used as it is.
/// </remarks>
internal sealed class LumaPlane
{
    private const float Kr = 0.299f, Kg = 0.587f, Kb = 0.114f;

    public LumaPlane(int width, int height, float[] samples)
    {
        if (samples.Length != (long)width * height)
            throw new ArgumentException("Plane size mismatch.", nameof(samples));
        Width = width;
        Height = height;
        Samples = samples;
    }

    public int Width { get; }
    public int Height { get; }

    /// <summary>Row-major samples, 0..255.</summary>
    public float[] Samples { get; }

    public ReadOnlySpan<float> Row(int y) => Samples.AsSpan(y * Width, Width);

    public static LumaPlane FromImage(PixelImage image)
    {
        var samples = new float[image.PixelCount];
        var pixels = image.Pixels;
        if (image.IsGrey)
        {
            for (int i = 0; i < samples.Length; i++) samples[i] = pixels[i];
        }
        else
        {
            int width = image.Width;
            Parallel.For(0, image.Height, y =>
            {
                int p = y * width * 3, o = y * width;
                for (int x = 0; x < width; x++, p += 3)
                    samples[o + x] = Kr * pixels[p] + Kg * pixels[p + 1] + Kb * pixels[p + 2];
            });
        }
        return new LumaPlane(image.Width, image.Height, samples);
    }

    /// <summary>
    /// Halves the plane by 2x2 averaging, as Wang's msssim.m does: imfilter with ones(2)/4,
    /// 'symmetric' and 'same', then every second sample from the first. MATLAB anchors an even
    /// 2x2 kernel at its top-left tap, so output (i, j) is the mean of input rows 2i..2i+1 and
    /// columns 2j..2j+1; on an odd size the last row/column is mirrored, i.e. averaged with
    /// itself. The result is ceil(W/2) x ceil(H/2).
    /// </summary>
    /// <param name="into">A plane of the halved size to write into (reused by callers that downsample many times), or null.</param>
    public LumaPlane Downsample2x(LumaPlane? into = null)
    {
        int w = (Width + 1) / 2, h = (Height + 1) / 2;
        if (into is not null && (into.Width != w || into.Height != h)) throw new ArgumentException("The plane is not the halved size.", nameof(into));
        var result = into?.Samples ?? new float[(long)w * h];
        var src = Samples;
        int srcW = Width, srcH = Height;
        Parallel.For(0, h, y =>
        {
            int y0 = 2 * y, y1 = Math.Min(2 * y + 1, srcH - 1);
            int r0 = y0 * srcW, r1 = y1 * srcW;
            for (int x = 0; x < w; x++)
            {
                int x0 = 2 * x, x1 = Math.Min(2 * x + 1, srcW - 1);
                result[y * w + x] = 0.25f * (src[r0 + x0] + src[r0 + x1] + src[r1 + x0] + src[r1 + x1]);
            }
        });
        return into ?? new LumaPlane(w, h, result);
    }
}
