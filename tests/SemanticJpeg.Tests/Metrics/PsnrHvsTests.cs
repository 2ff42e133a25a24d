using Xunit;
using SemanticJpeg.Metrics;
using SemanticJpeg.Tests.TestSupport;

namespace SemanticJpeg.Tests.Metrics;

public class PsnrHvsTests
{
    [Fact]
    public void Identical_images_give_positive_infinity()
    {
        var img = SampleImages.Synthetic(64, 40, seed: 8);
        var r = PsnrHvs.Compute(img, MetricFixtures.Copy(img));
        Assert.Equal(double.PositiveInfinity, r.PsnrHvs);
        Assert.Equal(double.PositiveInfinity, r.PsnrHvsM);
    }

    [Fact]
    public void Masking_never_lowers_the_score()
    {
        var a = SampleImages.Synthetic(96, 64, seed: 1);
        var b = SampleImages.Synthetic(96, 64, seed: 2, noise: 20);
        var r = PsnrHvs.Compute(a, b);
        Assert.True(r.PsnrHvsM >= r.PsnrHvs, $"{r.PsnrHvsM} < {r.PsnrHvs}");
    }

    [Fact]
    public void Constant_offset_is_seen_only_by_the_dc_coefficient()
    {
        // A flat offset d moves only the DC coefficient, by 8d, weighted by CSF[0] = 1.608443:
        // MSE = (8 d 1.608443)^2 / 64 = (1.608443 d)^2, masked or not (DC is never masked).
        var reference = MetricFixtures.Flat(32, 24, 1, 90);
        var distorted = MetricFixtures.Offset(reference, 4);
        double expected = 10 * Math.Log10(255.0 * 255.0 / Math.Pow(1.608443 * 4, 2));
        var r = PsnrHvs.Compute(reference, distorted);
        Assert.Equal(expected, r.PsnrHvs, 4);
        Assert.Equal(expected, r.PsnrHvsM, 4);
    }

    [Fact]
    public void Partial_edge_blocks_are_skipped()
    {
        // Errors only in the last 7 columns and rows, outside the 8x8 grid of a 23x15 image.
        var reference = SampleImages.Synthetic(23, 15, 1, seed: 3);
        var distorted = MetricFixtures.Copy(reference);
        for (int y = 0; y < 15; y++)
        for (int x = 16; x < 23; x++) distorted.Pixels[y * 23 + x] ^= 0x20;
        Assert.Equal(double.PositiveInfinity, PsnrHvs.Compute(reference, distorted).PsnrHvs);
    }

    [Fact]
    public void Images_smaller_than_one_block_give_nan()
    {
        var a = SampleImages.Synthetic(7, 30, seed: 1);
        var b = SampleImages.Synthetic(7, 30, seed: 2);
        var r = PsnrHvs.Compute(a, b);
        Assert.True(double.IsNaN(r.PsnrHvs) && double.IsNaN(r.PsnrHvsM));
    }

    [Fact]
    public void Dct_matches_the_double_precision_definition()
    {
        var rng = new Random(5);
        var block = Enumerable.Range(0, 64).Select(_ => (float)rng.Next(256)).ToArray();
        var fast = new float[64];
        var scalar = new float[64];
        Dct8x8.ForwardVector256(block, fast);
        Dct8x8.ForwardScalar(block, scalar);
        for (int u = 0; u < 8; u++)
        for (int v = 0; v < 8; v++)
        {
            double s = 0;
            for (int y = 0; y < 8; y++)
            for (int x = 0; x < 8; x++)
                s += block[y * 8 + x] * Math.Cos((2 * y + 1) * u * Math.PI / 16) * Math.Cos((2 * x + 1) * v * Math.PI / 16);
            s *= (u == 0 ? Math.Sqrt(0.125) : 0.5) * (v == 0 ? Math.Sqrt(0.125) : 0.5);
            Assert.Equal(s, fast[u * 8 + v], 2);
            Assert.Equal(s, scalar[u * 8 + v], 2);
        }
    }

    [Fact]
    public void Scalar_path_agrees_with_the_vector_path()
    {
        var (reference, distorted) = MetricFixtures.Pair("astronaut_96x80", "q30");
        var a = LumaPlane.FromImage(reference);
        var b = LumaPlane.FromImage(distorted);
        var vector = PsnrHvs.Compute(a, b, vectorised: true);
        var scalar = PsnrHvs.Compute(a, b, vectorised: false);
        Assert.Equal(vector.PsnrHvs, scalar.PsnrHvs, 4);
        Assert.Equal(vector.PsnrHvsM, scalar.PsnrHvsM, 4);
    }

    // Expected values: Ponomarenko's psnrhvsm.m (ponomarenko.info, 2006 release, default step 8)
    // run in GNU Octave 7.3.0 with octave-signal 1.4.3 (dct2) on float64 luma
    // 0.299R+0.587G+0.114B (the grey pair as stored). No non-MATLAB implementation of the exact
    // algorithm was reachable (Daala/libvmaf "psnr_hvs" uses other tables and step 7), so the
    // authors' own code is the reference. Commands: tests/fixtures/metrics/README.md.
    [Theory]
    [InlineData("chelsea_grey_181x177", "q40", 33.097588, 40.988861)]
    [InlineData("astronaut_96x80", "q30", 31.312932, 38.696577)]
    [InlineData("coffee_192x176", "q60", 37.265591, 44.320719)]
    public void Fixture_pairs_match_ponomarenko_psnrhvsm_run_in_octave(string stem, string suffix, double hvs, double hvsM)
    {
        var (reference, distorted) = MetricFixtures.Pair(stem, suffix);
        var r = PsnrHvs.Compute(reference, distorted);
        Assert.Equal(hvs, r.PsnrHvs, 0.01);
        Assert.Equal(hvsM, r.PsnrHvsM, 0.01);
    }
}
