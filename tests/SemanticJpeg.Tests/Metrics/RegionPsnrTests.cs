using Xunit;
using SemanticJpeg.Imaging;
using SemanticJpeg.Metrics;
using SemanticJpeg.Saliency;
using SemanticJpeg.Tests.TestSupport;

namespace SemanticJpeg.Tests.Metrics;

public class RegionPsnrTests
{
    private static (PixelImage Reference, PixelImage Distorted) NoisyPair(int width, int height, int channels = 3)
        => (SampleImages.Synthetic(width, height, channels, seed: 1), SampleImages.Synthetic(width, height, channels, seed: 2));

    [Fact]
    public void All_ones_weights_equal_plain_psnr()
    {
        var (a, b) = NoisyPair(50, 40);
        var ones = SaliencyMap.Uniform(50, 40, 1f);
        Assert.Equal(Psnr.Rgb(a, b), RegionPsnr.Salient(a, b, ones), 9);
        Assert.Equal(Psnr.Rgb(a, b), RegionPsnr.Background(a, b, SaliencyMap.Uniform(50, 40, 0f)), 9);
    }

    [Fact]
    public void Uniform_weights_of_any_level_equal_plain_psnr()
    {
        var (a, b) = NoisyPair(31, 17, 1);
        Assert.Equal(Psnr.Rgb(a, b), RegionPsnr.Salient(a, b, SaliencyMap.Uniform(31, 17, 0.3f)), 9);
    }

    [Fact]
    public void Empty_region_gives_nan()
    {
        var (a, b) = NoisyPair(20, 20);
        Assert.True(double.IsNaN(RegionPsnr.Salient(a, b, SaliencyMap.Uniform(20, 20, 0f))));
        Assert.True(double.IsNaN(RegionPsnr.Background(a, b, SaliencyMap.Uniform(20, 20, 1f))));
    }

    [Fact]
    public void Error_only_in_the_background_leaves_the_salient_region_perfect()
    {
        // Left half salient (1), right half background (0); distortion only on the right.
        int w = 16, h = 8;
        var reference = MetricFixtures.Flat(w, h, 3, 120);
        var distorted = MetricFixtures.Copy(reference);
        var map = new float[w * h];
        for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
        {
            map[y * w + x] = x < w / 2 ? 1f : 0f;
            if (x >= w / 2) distorted.Pixels[(y * w + x) * 3 + 1] = 130; // G off by 10
        }
        var saliency = new SaliencyMap(w, h, map);
        Assert.Equal(double.PositiveInfinity, RegionPsnr.Salient(reference, distorted, saliency));
        // Background MSE: one channel of three off by 10 -> 100 / 3.
        Assert.Equal(10 * Math.Log10(255.0 * 255.0 / (100.0 / 3)), RegionPsnr.Background(reference, distorted, saliency), 9);
    }

    [Fact]
    public void Weighted_mse_by_hand()
    {
        // Grey 2x1: errors 2 and 4, weights 0.75 and 0.25: MSE = (0.75*4 + 0.25*16) / 1 = 7.
        var a = new PixelImage(2, 1, 1, [50, 50]);
        var b = new PixelImage(2, 1, 1, [52, 46]);
        Assert.Equal(10 * Math.Log10(255.0 * 255.0 / 7), RegionPsnr.Weighted(a, b, [0.75f, 0.25f]), 9);
        // Background weights 0.25 and 0.75: (0.25*4 + 0.75*16) / 1 = 13.
        var map = new SaliencyMap(2, 1, [0.75f, 0.25f]);
        Assert.Equal(10 * Math.Log10(255.0 * 255.0 / 13), RegionPsnr.Background(a, b, map), 9);
    }

    [Fact]
    public void Threshold_turns_the_map_into_a_binary_mask()
    {
        var a = new PixelImage(3, 1, 1, [50, 50, 50]);
        var b = new PixelImage(3, 1, 1, [51, 53, 60]);
        var map = new SaliencyMap(3, 1, [0.9f, 0.5f, 0.1f]);
        // >= 0.5: pixels 0 and 1, errors 1 and 9 -> MSE 5; background: pixel 2, MSE 100.
        Assert.Equal(10 * Math.Log10(255.0 * 255.0 / 5), RegionPsnr.Salient(a, b, map, threshold: 0.5f), 9);
        Assert.Equal(10 * Math.Log10(255.0 * 255.0 / 100), RegionPsnr.Background(a, b, map, threshold: 0.5f), 9);
    }

    [Fact]
    public void Weights_outside_zero_one_or_of_wrong_size_are_rejected()
    {
        var (a, b) = NoisyPair(4, 4, 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => RegionPsnr.Weighted(a, b, Enumerable.Repeat(1.5f, 16).ToArray()));
        Assert.Throws<ArgumentOutOfRangeException>(() => RegionPsnr.Weighted(a, b, Enumerable.Repeat(float.NaN, 16).ToArray()));
        Assert.Throws<ArgumentException>(() => RegionPsnr.Salient(a, b, SaliencyMap.Uniform(4, 5)));
    }
}
