using Xunit;
using SemanticJpeg.Metrics;
using SemanticJpeg.Saliency;
using SemanticJpeg.Tests.TestSupport;

namespace SemanticJpeg.Tests.Metrics;

public class ImageQualityTests
{
    [Fact]
    public void Measure_agrees_with_each_metric_on_its_own()
    {
        var (reference, distorted) = MetricFixtures.Pair("coffee_192x176", "q60");
        var map = new SaliencyMap(192, 176, Enumerable.Range(0, 192 * 176).Select(i => (i % 192) / 191f).ToArray());
        var r = ImageQuality.Measure(reference, distorted, map);
        var hvs = PsnrHvs.Compute(reference, distorted);
        Assert.Equal(Psnr.Rgb(reference, distorted), r.PsnrRgb, 9);
        Assert.Equal(Psnr.Luma(reference, distorted), r.PsnrY, 9);
        Assert.Equal(Ssim.Compute(reference, distorted), r.Ssim, 9);
        Assert.Equal(MsSsim.Compute(reference, distorted), r.MsSsim, 9);
        Assert.Equal(hvs.PsnrHvs, r.PsnrHvs, 9);
        Assert.Equal(hvs.PsnrHvsM, r.PsnrHvsM, 9);
        Assert.Equal(RegionPsnr.Salient(reference, distorted, map), r.PsnrSalient!.Value, 9);
        Assert.Equal(RegionPsnr.Background(reference, distorted, map), r.PsnrBackground!.Value, 9);
    }

    [Fact]
    public void Without_weights_the_region_values_are_null()
    {
        var (reference, distorted) = MetricFixtures.Pair("astronaut_96x80", "q30");
        var r = ImageQuality.Measure(reference, distorted, null);
        Assert.Null(r.PsnrSalient);
        Assert.Null(r.PsnrBackground);
    }

    [Fact]
    public void Identical_images_score_perfectly()
    {
        var img = SampleImages.Synthetic(200, 190, seed: 12);
        var r = ImageQuality.Measure(img, MetricFixtures.Copy(img), SaliencyMap.Uniform(200, 190, 0.5f));
        Assert.Equal(double.PositiveInfinity, r.PsnrRgb);
        Assert.Equal(double.PositiveInfinity, r.PsnrY);
        Assert.Equal(double.PositiveInfinity, r.PsnrHvs);
        Assert.Equal(double.PositiveInfinity, r.PsnrHvsM);
        Assert.Equal(double.PositiveInfinity, r.PsnrSalient);
        Assert.Equal(1.0, r.Ssim, 6);
        Assert.Equal(1.0, r.MsSsim, 6);
    }

    [Fact]
    public void A_constant_offset_on_a_full_photo_gives_the_analytic_psnr()
    {
        var reference = SampleImages.Load("astronaut.png"); // 512x512
        var distorted = MetricFixtures.Offset(reference, 3);
        var r = ImageQuality.Measure(reference, distorted, SaliencyMap.Uniform(reference.Width, reference.Height, 0.5f));
        // Samples clipped at 0/255 move by less than 3, so PSNR is at least 20 log10(255/3).
        double analytic = 20 * Math.Log10(255.0 / 3);
        Assert.InRange(r.PsnrRgb, analytic - 1e-9, analytic + 1.0);
        Assert.Equal(r.PsnrRgb, r.PsnrSalient!.Value, 6);
        Assert.InRange(r.Ssim, 0.9, 0.99999);
    }
}
