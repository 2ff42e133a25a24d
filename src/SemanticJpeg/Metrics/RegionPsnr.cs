using SemanticJpeg.Imaging;
using SemanticJpeg.Saliency;

namespace SemanticJpeg.Metrics;

/// <summary>
/// PSNR of a region given by per-pixel weights: the MSE is the weighted mean
/// sum(w_p * e_p) / sum(w_p), e_p being pixel p's squared error averaged over its channels.
/// <see cref="Salient"/> (PSNR-S of Prakash et al. 2017) uses the saliency map as w,
/// <see cref="Background"/> uses 1 - w. With all weights 1 it is exactly <see cref="Psnr.Rgb"/>.
/// </summary>
/// <remarks>
/// Channels are those of <see cref="Psnr.Rgb"/>: R, G and B for two colour images, luma when one
/// image is grey. Weights must be in [0, 1]. When the weights sum to 0 (no salient pixel) the
/// region is empty and the result is NaN; when the region has no error it is +infinity.
/// A binary mask is a weight map of 0s and 1s; the threshold overloads build one from a
/// saliency map.
/// </remarks>
internal static class RegionPsnr
{
    /// <summary>PSNR-S: PSNR weighted by the saliency map, or by (map &gt;= threshold) when a threshold is given.</summary>
    public static double Salient(PixelImage reference, PixelImage distorted, SaliencyMap weights, float? threshold = null)
    {
        MetricInputs.CheckPair(reference, distorted);
        MetricInputs.CheckWeights(reference, weights);
        return Weighted(reference, distorted, WeightsFrom(weights, threshold, invert: false));
    }

    /// <summary>PSNR of the background: weights 1 - map, or (map &lt; threshold) when a threshold is given.</summary>
    public static double Background(PixelImage reference, PixelImage distorted, SaliencyMap weights, float? threshold = null)
    {
        MetricInputs.CheckPair(reference, distorted);
        MetricInputs.CheckWeights(reference, weights);
        return Weighted(reference, distorted, WeightsFrom(weights, threshold, invert: true));
    }

    /// <summary>PSNR with explicit per-pixel weights in [0, 1], row-major, one per pixel.</summary>
    public static double Weighted(PixelImage reference, PixelImage distorted, ReadOnlySpan<float> weights)
    {
        MetricInputs.CheckPair(reference, distorted);
        if (weights.Length != reference.PixelCount)
            throw new ArgumentException($"Expected {reference.PixelCount} weights, got {weights.Length}.", nameof(weights));
        return PsnrMath.FromMse(WeightedMse(reference, distorted, weights));
    }

    internal static double WeightedMse(PixelImage reference, PixelImage distorted, ReadOnlySpan<float> weights)
    {
        double weightedError = 0, weightSum = 0;
        if (reference.Channels != distorted.Channels)
        {
            var a = LumaPlane.FromImage(reference).Samples;
            var b = LumaPlane.FromImage(distorted).Samples;
            for (int p = 0; p < a.Length; p++)
            {
                float w = CheckWeight(weights[p]);
                double d = a[p] - b[p];
                weightedError += w * d * d;
                weightSum += w;
            }
        }
        else
        {
            int channels = reference.Channels;
            var a = reference.Pixels;
            var b = distorted.Pixels;
            for (int p = 0, i = 0; p < weights.Length; p++)
            {
                float w = CheckWeight(weights[p]);
                int e = 0;
                for (int c = 0; c < channels; c++, i++)
                {
                    int d = a[i] - b[i];
                    e += d * d;
                }
                weightedError += w * (double)e;
                weightSum += w;
            }
            weightedError /= channels;
        }
        return weightSum > 0 ? weightedError / weightSum : double.NaN;
    }

    private static float CheckWeight(float w)
    {
        if (!(w >= 0f && w <= 1f))
            throw new ArgumentOutOfRangeException(nameof(w), w, "Weights must be in [0, 1].");
        return w;
    }

    private static float[] WeightsFrom(SaliencyMap map, float? threshold, bool invert)
    {
        var values = map.Values;
        var w = new float[values.Length];
        for (int i = 0; i < w.Length; i++)
        {
            float v = threshold is { } t ? (values[i] >= t ? 1f : 0f) : values[i];
            w[i] = invert ? 1f - v : v;
        }
        return w;
    }
}
