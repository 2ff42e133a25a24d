using System.Numerics;
using SemanticJpeg.Imaging;

namespace SemanticJpeg.Metrics;

/// <summary>
/// Peak signal-to-noise ratio for 8-bit images: 10 log10(255^2 / MSE), in dB.
/// Identical images give <see cref="double.PositiveInfinity"/> (shown as "Inf" by the cmdlets).
/// </summary>
internal static class Psnr
{
    /// <summary>
    /// PSNR over all samples: for two RGB images the MSE is taken over R, G and B together (one
    /// mean over 3 x W x H squared differences, as ffmpeg's psnr "average" and skimage do); for
    /// two grey images over the grey samples; for grey against RGB over luma (see <see cref="Luma"/>).
    /// </summary>
    public static double Rgb(PixelImage reference, PixelImage distorted)
    {
        MetricInputs.CheckPair(reference, distorted);
        return PsnrMath.FromMse(MseAllChannels(reference, distorted));
    }

    /// <summary>
    /// PSNR over luma Y = 0.299 R + 0.587 G + 0.114 B (JFIF / BT.601 full range), computed in
    /// floating point without rounding Y to 8 bits; a grey image is its own luma.
    /// </summary>
    public static double Luma(PixelImage reference, PixelImage distorted)
    {
        MetricInputs.CheckPair(reference, distorted);
        return LumaPlanes(LumaPlane.FromImage(reference), LumaPlane.FromImage(distorted));
    }

    /// <summary>PSNR for a given mean squared error on the 0..255 scale; 0 gives +infinity.</summary>
    public static double FromMse(double mse) => PsnrMath.FromMse(mse);

    internal static double LumaPlanes(LumaPlane reference, LumaPlane distorted)
        => PsnrMath.FromMse(SumSquaredDifferences(reference.Samples, distorted.Samples) / reference.Samples.Length);

    /// <summary>MSE over every sample, the basis of <see cref="Rgb"/>.</summary>
    internal static double MseAllChannels(PixelImage reference, PixelImage distorted)
    {
        if (reference.Channels != distorted.Channels)
        {
            var a = LumaPlane.FromImage(reference);
            var b = LumaPlane.FromImage(distorted);
            return SumSquaredDifferences(a.Samples, b.Samples) / a.Samples.Length;
        }
        return (double)SumSquaredDifferences(reference.Pixels, distorted.Pixels) / reference.Pixels.Length;
    }

    /// <summary>Exact integer sum of squared byte differences.</summary>
    internal static long SumSquaredDifferences(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        long total = 0;
        int i = 0;
        if (Vector.IsHardwareAccelerated && a.Length >= Vector<byte>.Count)
        {
            // |a-b| fits a byte and its square (<= 65025) a ushort; four ushort squares per uint
            // lane per step, so a lane gains at most 4 x 65025 per step: flush to long before
            // 16000 steps (4.16e9 < 2^32).
            const int flushEvery = 16000;
            var acc = Vector<uint>.Zero;
            int steps = 0;
            for (; i <= a.Length - Vector<byte>.Count; i += Vector<byte>.Count)
            {
                var va = new Vector<byte>(a.Slice(i));
                var vb = new Vector<byte>(b.Slice(i));
                var diff = Vector.Max(va, vb) - Vector.Min(va, vb);
                Vector.Widen(diff, out Vector<ushort> lo, out Vector<ushort> hi);
                Vector.Widen(lo * lo, out Vector<uint> s0, out Vector<uint> s1);
                Vector.Widen(hi * hi, out Vector<uint> s2, out Vector<uint> s3);
                acc += (s0 + s1) + (s2 + s3);
                if (++steps == flushEvery)
                {
                    total += SumLanes(acc);
                    acc = Vector<uint>.Zero;
                    steps = 0;
                }
            }
            total += SumLanes(acc);
        }
        for (; i < a.Length; i++)
        {
            int d = a[i] - b[i];
            total += d * d;
        }
        return total;
    }

    /// <summary>Sum of squared float differences, accumulated in double every 1024 samples.</summary>
    internal static double SumSquaredDifferences(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        const int chunk = 1024;
        double total = 0;
        for (int start = 0; start < a.Length; start += chunk)
        {
            int end = Math.Min(a.Length, start + chunk);
            int i = start;
            float partial = 0;
            if (Vector.IsHardwareAccelerated)
            {
                var acc = Vector<float>.Zero;
                for (; i <= end - Vector<float>.Count; i += Vector<float>.Count)
                {
                    var d = new Vector<float>(a.Slice(i)) - new Vector<float>(b.Slice(i));
                    acc += d * d;
                }
                partial = Vector.Sum(acc);
            }
            for (; i < end; i++)
            {
                float d = a[i] - b[i];
                partial += d * d;
            }
            total += partial;
        }
        return total;
    }

    private static long SumLanes(Vector<uint> v)
    {
        long s = 0;
        for (int k = 0; k < Vector<uint>.Count; k++) s += v[k];
        return s;
    }
}
