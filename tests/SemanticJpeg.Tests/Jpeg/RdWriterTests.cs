using SemanticJpeg.Imaging;
using SemanticJpeg.Jpeg;
using SemanticJpeg.Tests.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace SemanticJpeg.Tests.Jpeg;

/// <summary>
/// The RD writer (<see cref="RegionQualityEncoder.EncodeOptimized"/>), the configuration users get: both sides
/// of the trade-off (size in the window AND quality against a standard JPEG of the same size).
/// </summary>
public sealed class RdWriterTests(ITestOutputHelper output)
{
    private static readonly JpegWriterOptions Default = new();

    [Theory]
    [InlineData("astronaut.png", false)]
    [InlineData("coffee.png", true)]
    public void Rate_control_lands_within_1_percent_below_target_from_10_to_200_percent_of_Q75(string photo, bool halfMap)
    {
        var image = SampleImages.Load(photo);
        int w = image.Width, h = image.Height;
        var map = halfMap ? JpegTestHelpers.Half(w, h, right: false) : BlockImportance.Uniform(w, h);
        using var encoder = new RegionQualityEncoder(image, map, Default);
        long q75 = encoder.EncodeUniform(75).Data.Length;
        foreach (var f in new[] { 0.1, 0.25, 0.5, 0.8, 1.0, 1.3, 2.0 })
        {
            long target = (long)(q75 * f);
            var r = encoder.EncodeOptimized(target);
            output.WriteLine($"{f:P0}: target {target}, got {r.Data.Length} ({r.Data.Length / (double)target:P2}), table Q {r.TableQuality:F1}, strength {r.Strength:F2}, {r.Iterations} evaluations");
            Assert.InRange(r.Data.Length, (long)Math.Ceiling(0.99 * target), target);
            Assert.True(r.TargetMet);
            Djpeg.Decode(r.Data);
        }
    }

    [Theory]
    [InlineData("chelsea.png", 50)]
    [InlineData("motorcycle_left.png", 75)]
    [InlineData("astronaut.png", 30)]
    public void Without_saliency_it_beats_a_standard_jpeg_of_the_same_size(string photo, int quality)
    {
        var image = SampleImages.Load(photo);
        var standard = JpegTestHelpers.MagickEncode(image, quality, ChromaSubsampling.Yuv420);
        using var encoder = new RegionQualityEncoder(image, BlockImportance.Uniform(image.Width, image.Height), Default);
        var rd = encoder.EncodeOptimized(standard.Length, strength: 0);
        double ps = ImageDiff.Psnr(image, Djpeg.Decode(standard)), pr = ImageDiff.Psnr(image, Djpeg.Decode(rd.Data));
        output.WriteLine($"{photo} Q{quality}: standard {standard.Length} B {ps:F2} dB, RD {rd.Data.Length} B {pr:F2} dB");
        Assert.InRange(rd.Data.Length, (long)Math.Ceiling(0.99 * standard.Length), standard.Length);
        Assert.True(pr > ps + 0.3, $"RD {pr:F2} dB vs standard {ps:F2} dB");
    }

    [Theory]
    [InlineData("chelsea.png", 75)]
    [InlineData("coffee.png", 50)]
    public void Half_important_map_lifts_the_important_half_while_the_whole_stays_as_good_as_standard(string photo, int quality)
    {
        var image = SampleImages.Load(photo);
        int w = image.Width, h = image.Height;
        var standard = JpegTestHelpers.MagickEncode(image, quality, ChromaSubsampling.Yuv420);
        using var encoder = new RegionQualityEncoder(image, JpegTestHelpers.Half(w, h, right: true), Default);
        var half = encoder.EncodeOptimized(standard.Length, strength: null, referenceQuality: quality);
        var ds = Djpeg.Decode(standard);
        var dh = Djpeg.Decode(half.Data);
        int x0 = BlockImportance.GridSize(w, h).BlocksWide / 2 * 8;
        double salientS = ImageDiff.Psnr(image, ds, x0, 0, w - x0, h), salientH = ImageDiff.Psnr(image, dh, x0, 0, w - x0, h);
        double globalS = ImageDiff.Psnr(image, ds), globalH = ImageDiff.Psnr(image, dh);
        output.WriteLine($"{photo} Q{quality}: strength {half.Strength:F2}; important half {salientS:F2} -> {salientH:F2} dB; whole {globalS:F2} -> {globalH:F2} dB");
        Assert.InRange(half.Data.Length, (long)Math.Ceiling(0.99 * standard.Length), standard.Length);
        Assert.True(half.Strength > 0, "a clear subject gets a positive strength");
        Assert.True(salientH - salientS >= 1.0, $"important half gains {salientH - salientS:F2} dB");
        Assert.True(globalH >= globalS - 0.1, $"whole image {globalH:F2} dB vs standard {globalS:F2} dB");
        // The objective itself: error weighted by 1 + k p (p = 1 on the important half) is below the standard file's.
        double Weighted(PixelImage d) => WeightedSquaredError(image, d, x0, half.Strength);
        Assert.True(Weighted(dh) < Weighted(ds), $"weighted error {Weighted(dh):F0} vs standard {Weighted(ds):F0}");
    }

    private static double WeightedSquaredError(PixelImage original, PixelImage decoded, int x0, double strength)
    {
        double sum = 0;
        int ch = original.Channels;
        for (int y = 0; y < original.Height; y++)
        {
            var a = original.Row(y);
            var b = decoded.Row(y);
            for (int x = 0; x < original.Width; x++)
            {
                double w = x >= x0 ? 1 + strength : 1;
                for (int c = 0; c < ch; c++)
                {
                    double e = a[x * ch + c] - b[x * ch + c];
                    sum += w * e * e;
                }
            }
        }
        return sum;
    }

    [Fact]
    public void Stronger_strength_moves_quality_to_the_important_half()
    {
        var image = SampleImages.Load("chelsea.png");
        int w = image.Width, h = image.Height;
        using var encoder = new RegionQualityEncoder(image, JpegTestHelpers.Half(w, h, right: true), Default);
        long target = encoder.EncodeUniform(60).Data.Length;
        int x0 = BlockImportance.GridSize(w, h).BlocksWide / 2 * 8;
        double previousSalient = 0, previousBack = 99;
        foreach (var k in new[] { 0.0, 4.0, 32.0 })
        {
            var d = Djpeg.Decode(encoder.EncodeOptimized(target, k).Data);
            double salient = ImageDiff.Psnr(image, d, x0, 0, w - x0, h), back = ImageDiff.Psnr(image, d, 0, 0, x0, h);
            output.WriteLine($"strength {k}: important {salient:F2} dB, other {back:F2} dB");
            Assert.True(salient > previousSalient && back < previousBack, $"strength {k}");
            previousSalient = salient;
            previousBack = back;
        }
    }

    [Theory]
    [InlineData(1, 1, 3, ChromaSubsampling.Yuv420)]
    [InlineData(7, 5, 3, ChromaSubsampling.Yuv422)]
    [InlineData(51, 7, 3, ChromaSubsampling.Yuv444)]
    [InlineData(17, 9, 1, ChromaSubsampling.Yuv420)]
    [InlineData(333, 251, 3, ChromaSubsampling.Yuv420)]
    [InlineData(333, 251, 3, ChromaSubsampling.Yuv422)]
    [InlineData(333, 251, 1, ChromaSubsampling.Yuv444)]
    public void Odd_sizes_and_every_subsampling_decode_in_djpeg_and_magick(int w, int h, int channels, ChromaSubsampling s)
    {
        var image = SampleImages.Synthetic(w, h, channels, seed: w + h, noise: 6);
        var options = new JpegWriterOptions { Subsampling = s, RestartInterval = w > 100 ? 5 : 0 };
        using var encoder = new RegionQualityEncoder(image, JpegTestHelpers.CentreWeighted(w, h), options);
        long target = encoder.EncodeUniform(70).Data.Length;
        var r = encoder.EncodeOptimized(target);
        var a = Djpeg.Decode(r.Data);
        var b = JpegTestHelpers.MagickDecode(r.Data);
        Assert.Equal((w, h, channels), (a.Width, a.Height, a.Channels));
        Assert.Equal((w, h), (b.Width, b.Height));
        if (r.TargetMet) Assert.InRange(r.Data.Length, (long)Math.Ceiling(0.99 * target), target);
    }
}
