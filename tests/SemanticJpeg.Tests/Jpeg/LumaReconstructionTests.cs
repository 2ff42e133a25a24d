using SemanticJpeg.Imaging;
using SemanticJpeg.Jpeg;
using SemanticJpeg.Jpeg.Components;
using SemanticJpeg.Metrics;
using SemanticJpeg.Tests.TestSupport;
using Xunit;

namespace SemanticJpeg.Tests.Jpeg;

/// <summary>
/// The writer's view of its own output (<see cref="Dct8x8.Inverse"/>, <see cref="LumaReconstruction"/>,
/// <see cref="MsSsimCheck"/>): what the automatic strength holds to the standard JPEG's MS-SSIM must be what a
/// real decoder shows.
/// </summary>
public sealed class LumaReconstructionTests
{
    [Fact]
    public void Inverse_dct_undoes_the_forward_transform()
    {
        var rng = new Random(5);
        Span<float> block = stackalloc float[64];
        var original = new float[64];
        for (int i = 0; i < 64; i++) original[i] = block[i] = (float)(rng.NextDouble() * 255 - 128);
        FloatDct.Forward(block, allowSimd: true);
        var coefficients = new float[64];
        for (int i = 0; i < 64; i++) coefficients[i] = (float)(block[i] / FloatDct.ScaleFactor(i));
        var samples = new float[64];
        Dct8x8.Inverse(coefficients, samples);
        for (int i = 0; i < 64; i++) Assert.Equal(original[i], samples[i], 2);
    }

    [Fact]
    public void The_stored_coefficients_reconstruct_the_pictures_luma()
    {
        var image = SampleImages.Synthetic(45, 29, seed: 2, noise: 20);
        var layout = new FrameLayout(image.Width, image.Height, grey: false, ChromaSubsampling.Yuv420);
        using var store = CoefficientStore.Transform(image, layout, simd: true);
        var luma = LumaReconstruction.Original(layout, store.Coefficients[0]);
        var expected = LumaPlane.FromImage(image);
        Assert.Equal(expected.Width, luma.Width);
        Assert.Equal(expected.Height, luma.Height);
        double worst = 0;
        for (int i = 0; i < luma.Samples.Length; i++) worst = Math.Max(worst, Math.Abs(luma.Samples[i] - expected.Samples[i]));
        Assert.True(worst < 0.05, $"largest difference {worst}");
    }

    [Theory]
    [InlineData(1, 20)]  // grey, coarse: clamping and flat (DC-only) blocks
    [InlineData(1, 85)]
    [InlineData(3, 50)]  // colour: djpeg's luma is the Y plane before upsampling the chroma
    public void Decoded_levels_match_what_djpeg_shows(int channels, int quality)
    {
        var image = SampleImages.Synthetic(61, 37, channels, seed: 4, noise: 30);
        using var encoder = new RegionQualityEncoder(image, BlockImportance.Uniform(image.Width, image.Height), new JpegWriterOptions());
        double scale = QuantizationTables.LibjpegScale(quality);
        var plan = QuantPlan.Create(scale, scale);
        using var q = new QuantizedImage(encoder.Layout);
        var stats = new SymbolStatistics();
        encoder.Quantize(plan, q, stats);
        var file = encoder.Write(plan, q, stats);
        var ours = LumaReconstruction.Decoded(encoder.Layout, q.Levels[0], q.Masks[0], plan.Tables[0]);
        var djpeg = DjpegLuma(file, channels);
        double worst = 0, sum = 0;
        for (int i = 0; i < ours.Samples.Length; i++)
        {
            double d = Math.Abs(ours.Samples[i] - djpeg[i]);
            worst = Math.Max(worst, d);
            sum += d;
        }
        // djpeg rounds to integers with its integer IDCT: half a level, and one more now and then.
        Assert.True(worst <= 1.6, $"largest difference {worst}");
        Assert.True(sum / ours.Samples.Length < 0.6, $"mean difference {sum / ours.Samples.Length}");
    }

    [Fact]
    public void The_check_measures_msssim_as_the_metric_does_on_the_decoded_file()
    {
        var image = SampleImages.Load("coffee.png");
        using var encoder = new RegionQualityEncoder(image, BlockImportance.Uniform(image.Width, image.Height), new JpegWriterOptions());
        var layout = encoder.Layout;
        using var store = CoefficientStore.Transform(image, layout, simd: true);
        var check = new MsSsimCheck(layout, MsSsim.Pyramid(LumaReconstruction.Original(layout, store.Coefficients[0])));
        double previous = double.PositiveInfinity;
        // (At Q90 djpeg's rounding of RGB to integers is 8 % of the loss; at the qualities rate control works at, little.)
        foreach (int quality in new[] { 20, 50, 75 })
        {
            double scale = QuantizationTables.LibjpegScale(quality);
            var plan = QuantPlan.Create(scale, scale);
            using var q = new QuantizedImage(layout);
            var stats = new SymbolStatistics();
            encoder.Quantize(plan, q, stats);
            double loss = check.Loss(q.Levels[0], q.Masks[0], plan.Tables[0]);
            var decoded = Djpeg.Decode(encoder.Write(plan, q, stats));
            double metric = 1 - MsSsim.Compute(LumaPlane.FromImage(image), LumaPlane.FromImage(decoded));
            Assert.True(Math.Abs(loss - metric) < 0.03 * metric, $"Q{quality}: check {loss:F6}, metric on djpeg's RGB {metric:F6}");
            Assert.True(loss < previous, $"Q{quality}: a finer file loses less");
            previous = loss;
        }
    }

    /// <summary>The luma djpeg decodes: the grey samples, or (for colour) djpeg's own Y from its RGB output.</summary>
    private static float[] DjpegLuma(byte[] file, int channels)
    {
        var decoded = Djpeg.Decode(file);
        if (channels == 1) return decoded.Pixels.Select(v => (float)v).ToArray();
        return LumaPlane.FromImage(decoded).Samples;
    }
}
