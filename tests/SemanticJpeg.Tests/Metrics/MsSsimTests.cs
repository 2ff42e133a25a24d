using Xunit;
using SemanticJpeg.Metrics;
using SemanticJpeg.Tests.TestSupport;

namespace SemanticJpeg.Tests.Metrics;

public class MsSsimTests
{
    [Fact]
    public void Identical_images_give_one()
    {
        var img = SampleImages.Synthetic(200, 180, seed: 6);
        Assert.Equal(1.0, MsSsim.Compute(img, MetricFixtures.Copy(img)), 6);
    }

    [Theory]
    [InlineData(181, 177, 5)]
    [InlineData(176, 176, 5)]
    [InlineData(161, 400, 5)]
    [InlineData(160, 400, 4)]
    [InlineData(96, 80, 3)]
    [InlineData(22, 22, 2)]
    [InlineData(21, 300, 2)]
    [InlineData(20, 300, 1)]
    [InlineData(3, 3, 1)]
    public void Scale_count_keeps_every_plane_at_least_11_pixels(int width, int height, int expected)
    {
        Assert.Equal(expected, MsSsim.ScaleCount(width, height));
    }

    [Fact]
    public void With_one_scale_it_equals_ssim()
    {
        var a = SampleImages.Synthetic(20, 40, seed: 1);
        var b = SampleImages.Synthetic(20, 40, seed: 2, noise: 25);
        Assert.Equal(Ssim.Compute(a, b), MsSsim.Compute(a, b), 6);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 9)]
    [InlineData(30, 12)]
    public void Small_images_do_not_throw(int width, int height)
    {
        var a = SampleImages.Synthetic(width, height, seed: 3);
        var b = SampleImages.Synthetic(width, height, seed: 4);
        Assert.InRange(MsSsim.Compute(a, b), 0, 1);
    }

    [Fact]
    public void Downsampling_averages_2x2_and_mirrors_an_odd_edge()
    {
        // imfilter(x, ones(2)/4, 'symmetric', 'same') then x(1:2:end, 1:2:end) on a 3x3 plane.
        var plane = new LumaPlane(3, 3, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
        var half = plane.Downsample2x();
        Assert.Equal(2, half.Width);
        Assert.Equal(2, half.Height);
        Assert.Equal([3f, 4.5f, 7.5f, 9f], half.Samples);
    }

    // Expected values: Wang's msssim.m + ssim_index_new.m (the release that downsamples with
    // imfilter(ones(2)/4, 'symmetric', 'same') and raises the last SSIM to its exponent), run in GNU
    // Octave 7.3.0 with octave-image 2.14.0 on float64 luma, K = [0.01 0.03], fspecial('gaussian', 11, 1.5),
    // method 'product'. For the 96x80 pair msssim.m was called with level = 3 and the first three
    // exponents divided by their sum, which is what our small-image rule does; the authors' code
    // itself refuses images under 176 pixels. Commands: tests/fixtures/metrics/README.md.
    [Theory]
    [InlineData("chelsea_grey_181x177", "q40", 0.98430835)]
    [InlineData("astronaut_96x80", "q30", 0.98564253)]
    [InlineData("coffee_192x176", "q60", 0.99348544)]
    public void Fixture_pairs_match_wang_msssim_run_in_octave(string stem, string suffix, double expected)
    {
        var (reference, distorted) = MetricFixtures.Pair(stem, suffix);
        double msssim = MsSsim.Compute(reference, distorted);
        Assert.Equal(expected, msssim, 0.001);
        Assert.Equal(expected, msssim, 0.00002);
    }
}
