using Xunit;
using SemanticJpeg.Imaging;
using SemanticJpeg.Metrics;
using SemanticJpeg.Tests.TestSupport;

namespace SemanticJpeg.Tests.Metrics;

public class PsnrTests
{
    [Fact]
    public void Identical_images_give_positive_infinity()
    {
        var img = SampleImages.Synthetic(64, 48, seed: 3);
        Assert.Equal(double.PositiveInfinity, Psnr.Rgb(img, MetricFixtures.Copy(img)));
        Assert.Equal(double.PositiveInfinity, Psnr.Luma(img, MetricFixtures.Copy(img)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(16)]
    public void Constant_offset_gives_20_log10_of_255_over_offset(int delta)
    {
        // Flat mid-grey image so that no sample clips: every squared error is delta^2.
        var reference = MetricFixtures.Flat(40, 30, 3, 100);
        var distorted = MetricFixtures.Offset(reference, delta);
        double expected = 20 * Math.Log10(255.0 / delta);
        Assert.Equal(expected, Psnr.Rgb(reference, distorted), 9);
        // Luma weights sum to 1, so the luma offset is delta too (up to float rounding).
        Assert.Equal(expected, Psnr.Luma(reference, distorted), 4);
    }

    [Theory]
    [InlineData(1.0, 48.130803608679102)]   // 20 log10(255)
    [InlineData(100.0, 28.130803608679102)]
    [InlineData(65025.0, 0.0)]
    public void Known_psnr_for_a_given_mse(double mse, double expected)
    {
        Assert.Equal(expected, Psnr.FromMse(mse), 9);
    }

    [Fact]
    public void Mse_of_known_error_pattern()
    {
        // 4 grey pixels with errors 0, 1, 2, 3: MSE = (0 + 1 + 4 + 9) / 4 = 3.5.
        var a = new PixelImage(2, 2, 1, [10, 10, 10, 10]);
        var b = new PixelImage(2, 2, 1, [10, 11, 12, 13]);
        Assert.Equal(10 * Math.Log10(255.0 * 255.0 / 3.5), Psnr.Rgb(a, b), 9);
    }

    [Fact]
    public void Grey_against_rgb_is_compared_on_luma()
    {
        var rgb = SampleImages.Synthetic(33, 17, 3, seed: 5);
        var grey = new PixelImage(33, 17, 1, rgb.Pixels.Chunk(3)
            .Select(p => (byte)Math.Round(0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2])).ToArray());
        double psnr = Psnr.Rgb(grey, rgb);
        Assert.Equal(Psnr.Luma(grey, rgb), psnr, 9);
        Assert.True(psnr > 50, $"luma rounding only should differ, got {psnr} dB");
    }

    [Fact]
    public void Different_sizes_are_rejected()
    {
        var a = SampleImages.Synthetic(10, 10);
        var b = SampleImages.Synthetic(10, 11);
        Assert.Throws<ArgumentException>(() => Psnr.Rgb(a, b));
    }

    [Fact]
    public void Vector_sum_of_squared_differences_is_exact()
    {
        // Longer than one flush period (16000 steps x up to 64 bytes) with the worst-case error.
        var rng = new Random(7);
        var a = new byte[2_500_003];
        var b = new byte[a.Length];
        rng.NextBytes(a);
        rng.NextBytes(b);
        for (int i = 0; i < 1_200_000; i++) { a[i] = 255; b[i] = 0; }
        long expected = 0;
        for (int i = 0; i < a.Length; i++) expected += (a[i] - b[i]) * (a[i] - b[i]);
        Assert.Equal(expected, Psnr.SumSquaredDifferences(a, b));
    }

    // Expected values: ffmpeg 5.1.9 (Debian 12) psnr filter, "average" field, and
    // skimage 0.19.3 peak_signal_noise_ratio(data_range=255), which agree to 1e-6 dB; commands in
    // tests/fixtures/metrics/README.md. PSNR-Y: skimage on numpy float64 luma 0.299R+0.587G+0.114B.
    [Theory]
    [InlineData("chelsea_grey_181x177", "q40", 31.699578, 31.699578)]
    [InlineData("astronaut_96x80", "q30", 29.792360, 31.085253)]
    [InlineData("coffee_192x176", "q60", 32.003502, 34.852164)]
    public void Fixture_pairs_match_ffmpeg_and_skimage(string stem, string suffix, double rgb, double luma)
    {
        var (reference, distorted) = MetricFixtures.Pair(stem, suffix);
        Assert.Equal(rgb, Psnr.Rgb(reference, distorted), 0.01);
        Assert.Equal(luma, Psnr.Luma(reference, distorted), 0.01);
        // Tighter than the brief's 0.01 dB: the only difference is float vs double arithmetic.
        Assert.Equal(rgb, Psnr.Rgb(reference, distorted), 0.0001);
        Assert.Equal(luma, Psnr.Luma(reference, distorted), 0.0001);
    }
}
