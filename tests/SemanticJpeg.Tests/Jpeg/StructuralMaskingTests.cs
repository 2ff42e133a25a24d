using SemanticJpeg.Jpeg;
using SemanticJpeg.Jpeg.Components;
using SemanticJpeg.Metrics;
using SemanticJpeg.Tests.TestSupport;
using Xunit;

namespace SemanticJpeg.Tests.Jpeg;

public class StructuralMaskingTests
{
    private static readonly double[] Exponents = [0.0448, 0.2856, 0.3001, 0.2363, 0.1333];

    [Fact]
    public void Every_coefficient_is_seen_at_the_finest_scale_and_only_the_block_mean_at_the_block_scale()
    {
        double total = Exponents.Sum();
        var s = StructuralMasking.Survival;
        for (int k = 0; k < 64; k++)
        {
            Assert.Equal(Exponents[0] / total, s[0][k], 5);              // scale 1: all of the error
            Assert.Equal(k == 0 ? Exponents[3] / total : 0, s[3][k], 5); // scale 4: one pixel per block, its mean
            for (int j = 1; j < StructuralMasking.Scales; j++)
                Assert.InRange(s[j][k], 0, Exponents[j] / total + 1e-6);   // averaging never adds energy
        }
        for (int j = 0; j < 4; j++) Assert.Equal(Exponents[j] / total, s[j][0], 5); // the mean survives scales 1-4
        // The lowest AC frequency keeps more at scale 2 than the highest.
        Assert.True(s[1][1] > s[1][63]);
    }

    [Fact]
    public void Error_in_a_smooth_regions_low_frequencies_costs_more_than_in_texture()
    {
        // Left half flat grey, right half noise: the flat half's blocks hold their DC error dearest.
        var image = SampleImages.Synthetic(128, 64, seed: 2, noise: 0);
        var rng = new Random(4);
        var px = image.Pixels;
        for (int y = 0; y < 64; y++)
            for (int x = 0; x < 128; x++)
                for (int c = 0; c < 3; c++)
                    px[(y * 128 + x) * 3 + c] = (byte)(x < 64 ? 120 : rng.Next(256));
        var layout = new FrameLayout(128, 64, grey: false, ChromaSubsampling.Yuv444);
        using var store = CoefficientStore.Transform(image, layout, simd: true);
        var masking = new StructuralMasking(16, 8, store.Coefficients[0]);
        Span<float> flat = stackalloc float[64], textured = stackalloc float[64];
        masking.Weights(3 * 16 + 2, flat);       // inside the flat half
        masking.Weights(3 * 16 + 13, textured);  // inside the noise
        Assert.True(flat[0] > 3 * textured[0]);  // noise averages out at coarse scales, so less than at the finest
        Assert.True(flat[1] > 5 * textured[1]);
        Assert.True(flat[63] > 50 * textured[63]); // at the finest scale noise masks everything
        Assert.True(flat[0] > flat[63]);         // in the flat region, the mean's error shows at every scale
    }

    [Fact]
    public void The_per_pixel_gain_is_the_block_mean_of_msssims_own_local_variance_cost()
    {
        // 64 x 48 luma, an odd mix: a sharp edge, a ramp and noise. Reference: the Gaussian-window variance computed
        // directly (double loops, doubles) at each valid position, clamped to the nearest valid one at the borders.
        var rng = new Random(7);
        int w = 64, h = 48;
        var samples = new float[w * h];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                samples[y * w + x] = x < 20 ? 40 : x < 40 ? 100 + 2 * y : (float)rng.Next(256);
        var pyramid = MsSsim.Pyramid(new LumaPlane(w, h, samples));
        int blocksWide = 8, blocksHigh = 6;
        var gain = new float[blocksWide * blocksHigh * StructuralMasking.Scales];
        int covered = LocalContrastGain.Apply(blocksWide, blocksHigh, pyramid, gain, StructuralMasking.Scales);
        Assert.Equal(3, covered); // 64 x 48, 32 x 24 and 16 x 12 hold the 11-pixel window; 8 x 6 does not

        var g = SsimKernel.Window(int.MaxValue, int.MaxValue);
        for (int j = 0; j < covered; j++)
        {
            var plane = pyramid[j];
            int pw = plane.Width, ph = plane.Height, outW = pw - 10, outH = ph - 10;
            double Cost(int px, int py)
            {
                int ox = Math.Clamp(px - 5, 0, outW - 1), oy = Math.Clamp(py - 5, 0, outH - 1);
                double m = 0, mm = 0;
                for (int dy = 0; dy < 11; dy++)
                    for (int dx = 0; dx < 11; dx++)
                    {
                        double v = plane.Samples[(oy + dy) * pw + ox + dx], wt = g[dx] * g[dy];
                        m += wt * v;
                        mm += wt * v * v;
                    }
                return 1 / (64 * (2 * Math.Max(0, mm - m * m) + BlockWeights.C2));
            }
            int side = 8 >> j;
            for (int by = 0; by < blocksHigh; by++)
                for (int bx = 0; bx < blocksWide; bx++)
                {
                    double sum = 0;
                    for (int y = 0; y < side; y++)
                        for (int x = 0; x < side; x++) sum += Cost(bx * side + x, by * side + y);
                    double expected = sum / (side * side), actual = gain[(by * blocksWide + bx) * StructuralMasking.Scales + j];
                    Assert.True(Math.Abs(actual - expected) <= 1e-3 * expected, $"scale {j + 1} block ({bx},{by}): {actual} against {expected}");
                }
        }
    }

    [Fact]
    public void A_block_with_an_edge_beside_flat_pixels_costs_more_per_pixel_than_its_mean_variance_says()
    {
        // Each block: 6 flat columns and a 2-pixel bright stripe. The mean variance is large, but most of the
        // block's pixels lie where the window sees no contrast at all.
        int w = 192, h = 192;
        var image = SampleImages.Synthetic(w, h, seed: 1, noise: 0);
        var px = image.Pixels;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                for (int c = 0; c < 3; c++)
                    px[(y * w + x) * 3 + c] = (byte)(x % 24 >= 22 ? 230 : 60);
        var layout = new FrameLayout(w, h, grey: false, ChromaSubsampling.Yuv444);
        using var store = CoefficientStore.Transform(image, layout, simd: true);
        var blockLevel = new StructuralMasking(24, 24, store.Coefficients[0]);
        var perPixel = new StructuralMasking(24, 24, store.Coefficients[0], MsSsim.Pyramid(LumaPlane.FromImage(image)));
        // Block x 16-23: the stripe is at 22-23, so columns 16-19 see almost none of it through the window.
        int block = 10 * 24 + 2;
        Span<float> a = stackalloc float[64], b = stackalloc float[64];
        blockLevel.Weights(block, a);
        perPixel.Weights(block, b);
        Assert.True(b[63] > 2 * a[63], $"highest frequency: per pixel {b[63]}, block level {a[63]}");
        Assert.True(b[0] > a[0], $"block mean: per pixel {b[0]}, block level {a[0]}");
    }
}
