using SemanticJpeg.Jpeg;
using SemanticJpeg.Jpeg.Components;
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
}
