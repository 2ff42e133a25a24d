using Xunit;
using SemanticJpeg.Imaging;
using SemanticJpeg.Metrics;
using SemanticJpeg.Tests.TestSupport;

namespace SemanticJpeg.Tests.Metrics;

public class SsimTests
{
    [Fact]
    public void Identical_images_give_one()
    {
        var img = SampleImages.Synthetic(80, 60, seed: 2);
        Assert.Equal(1.0, Ssim.Compute(img, MetricFixtures.Copy(img)), 6);
    }

    [Fact]
    public void Window_is_the_normalised_gaussian_of_fspecial()
    {
        var g = SsimKernel.Window(100, 100);
        Assert.Equal(11, g.Length);
        Assert.Equal(1.0, g.Sum(), 6);
        // Centre tap of the 1-D factor of fspecial('gaussian', 11, 1.5): 1 / sum(exp(-d^2 / 4.5)).
        double norm = Enumerable.Range(-5, 11).Sum(d => Math.Exp(-d * d / 4.5));
        Assert.Equal(1 / norm, g[5], 6);
    }

    [Fact]
    public void Is_symmetric_in_its_arguments()
    {
        var a = SampleImages.Synthetic(70, 50, seed: 1);
        var b = SampleImages.Synthetic(70, 50, seed: 9, noise: 30);
        Assert.Equal(Ssim.Compute(a, b), Ssim.Compute(b, a), 6);
    }

    [Fact]
    public void Brightness_offset_lowers_only_the_luminance_term()
    {
        var reference = SampleImages.Synthetic(64, 64, seed: 4, noise: 4);
        var brighter = MetricFixtures.Offset(reference, 20);
        double ssim = Ssim.Compute(reference, brighter);
        Assert.InRange(ssim, 0.9, 0.9999);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(5, 3)]
    [InlineData(10, 40)]
    [InlineData(11, 11)]
    public void Small_images_do_not_throw(int width, int height)
    {
        var a = SampleImages.Synthetic(width, height, seed: 1);
        var b = SampleImages.Synthetic(width, height, seed: 2);
        double ssim = Ssim.Compute(a, b);
        Assert.InRange(ssim, -1, 1);
        Assert.Equal(1.0, Ssim.Compute(a, a), 6);
    }

    /// <summary>Slow, direct transcription of ssim_index.m in double precision: 2-D window, no streaming.</summary>
    private static double ReferenceSsim(float[] a, float[] b, int width, int height)
    {
        var g1 = Enumerable.Range(-5, 11).Select(d => Math.Exp(-d * d / 4.5)).ToArray();
        double norm = g1.Sum() * g1.Sum();
        double c1 = Math.Pow(0.01 * 255, 2), c2 = Math.Pow(0.03 * 255, 2), sum = 0;
        int count = 0;
        for (int y = 0; y + 11 <= height; y++)
        for (int x = 0; x + 11 <= width; x++)
        {
            double ma = 0, mb = 0, saa = 0, sbb = 0, sab = 0;
            for (int j = 0; j < 11; j++)
            for (int i = 0; i < 11; i++)
            {
                double w = g1[j] * g1[i] / norm, va = a[(y + j) * width + x + i], vb = b[(y + j) * width + x + i];
                ma += w * va; mb += w * vb; saa += w * va * va; sbb += w * vb * vb; sab += w * va * vb;
            }
            double s1 = saa - ma * ma, s2 = sbb - mb * mb, s12 = sab - ma * mb;
            sum += (2 * ma * mb + c1) * (2 * s12 + c2) / ((ma * ma + mb * mb + c1) * (s1 + s2 + c2));
            count++;
        }
        return sum / count;
    }

    [Theory]
    [InlineData(17, 30)]  // 7 output columns: scalar path only
    [InlineData(45, 33)]  // vector body plus a scalar tail
    [InlineData(200, 12)] // one output row
    public void Fast_kernel_matches_a_slow_direct_implementation(int width, int height)
    {
        var a = SampleImages.Synthetic(width, height, 1, seed: 11);
        var b = SampleImages.Synthetic(width, height, 1, seed: 12, noise: 30);
        double expected = ReferenceSsim(a.Pixels.Select(p => (float)p).ToArray(), b.Pixels.Select(p => (float)p).ToArray(), width, height);
        Assert.Equal(expected, Ssim.Compute(a, b), 5);
    }

    // Expected values: skimage 0.19.3
    //   structural_similarity(ya, yb, gaussian_weights=True, sigma=1.5, use_sample_covariance=False, data_range=255)
    // on float64 luma (0.299R+0.587G+0.114B, unrounded). skimage filters with reflect padding and then
    // crops 5 pixels per side, which leaves exactly MATLAB's 'valid' positions; Wang's ssim_index_new.m
    // run in GNU Octave 7.3.0 (filter2 'valid') printed the same 8 digits. Commands: tests/fixtures/metrics/README.md.
    [Theory]
    [InlineData("chelsea_grey_181x177", "q40", 0.86193730)]
    [InlineData("astronaut_96x80", "q30", 0.90938342)]
    [InlineData("coffee_192x176", "q60", 0.94077664)]
    public void Fixture_pairs_match_skimage_and_wang_reference(string stem, string suffix, double expected)
    {
        var (reference, distorted) = MetricFixtures.Pair(stem, suffix);
        double ssim = Ssim.Compute(reference, distorted);
        Assert.Equal(expected, ssim, 0.001);
        Assert.Equal(expected, ssim, 0.00002); // float accumulation against float64: far inside the brief's 0.001
    }
}
