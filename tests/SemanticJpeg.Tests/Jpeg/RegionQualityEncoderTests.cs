using ImageMagick;
using SemanticJpeg.Imaging;
using SemanticJpeg.Jpeg;
using SemanticJpeg.Tests.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace SemanticJpeg.Tests.Jpeg;

public class RegionQualityEncoderTests(ITestOutputHelper output)
{
    private static readonly JpegWriterOptions Default = new();

    public static TheoryData<int, int, int, ChromaSubsampling> RoundTripCases()
    {
        var data = new TheoryData<int, int, int, ChromaSubsampling>();
        foreach (var (w, h) in new[] { (1, 1), (7, 5), (8, 8), (17, 9), (51, 7), (640, 480) })
        {
            foreach (var s in Enum.GetValues<ChromaSubsampling>())
                data.Add(w, h, 3, s);
            data.Add(w, h, 1, ChromaSubsampling.Yuv420);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(RoundTripCases))]
    public void Round_trip_decodes_in_djpeg_and_magick_with_quality_floor(int w, int h, int channels, ChromaSubsampling s)
    {
        var image = SampleImages.Synthetic(w, h, channels, seed: w * 31 + h, noise: 4);
        var encoder = new RegionQualityEncoder(image, BlockImportance.Uniform(w, h), new JpegWriterOptions { Subsampling = s });
        // Chroma subsampling alone costs a few dB on this noisy content, so Q100's floor depends on it.
        bool subsampled = channels == 3 && s != ChromaSubsampling.Yuv444;
        foreach (var (q, floor) in new[] { (50, 30.0), (90, 36.0), (100, subsampled ? 40.0 : 45.0) })
        {
            var jpeg = encoder.EncodeUniform(q).Data;
            var viaDjpeg = Djpeg.Decode(jpeg);
            var viaMagick = JpegTestHelpers.MagickDecode(jpeg);
            Assert.Equal((w, h, channels), (viaDjpeg.Width, viaDjpeg.Height, viaDjpeg.Channels));
            Assert.Equal((w, h), (viaMagick.Width, viaMagick.Height));
            double psnr = ImageDiff.Psnr(image, viaDjpeg);
            Assert.True(psnr > floor, $"Q{q} {w}x{h}x{channels} {s}: PSNR {psnr:F2} dB <= {floor}");
        }
    }

    [Theory]
    [InlineData("astronaut.png", ChromaSubsampling.Yuv420, 75)]
    [InlineData("coffee.png", ChromaSubsampling.Yuv420, 50)]
    [InlineData("chelsea.png", ChromaSubsampling.Yuv422, 75)]
    [InlineData("motorcycle_left.png", ChromaSubsampling.Yuv444, 90)]
    [InlineData("rocket.jpg", ChromaSubsampling.Yuv420, 30)]
    public void Uniform_encode_matches_magick_in_size_and_psnr(string photo, ChromaSubsampling s, int q)
    {
        var image = SampleImages.Load(photo);
        var ours = new RegionQualityEncoder(image, BlockImportance.Uniform(image.Width, image.Height), new JpegWriterOptions { Subsampling = s })
            .EncodeUniform(q).Data;
        var theirs = JpegTestHelpers.MagickEncode(image, q, s);
        double psnrOurs = ImageDiff.Psnr(image, Djpeg.Decode(ours));
        double psnrTheirs = ImageDiff.Psnr(image, Djpeg.Decode(theirs));
        double sizeRatio = ours.Length / (double)theirs.Length;
        output.WriteLine($"{photo} {s} Q{q}: ours {ours.Length} B {psnrOurs:F3} dB, magick {theirs.Length} B {psnrTheirs:F3} dB, size ratio {sizeRatio:F4}");
        Assert.InRange(sizeRatio, 0.97, 1.03);
        Assert.InRange(psnrOurs - psnrTheirs, -0.1, 0.1);
    }

    [Fact]
    public void Half_important_map_gains_at_least_3_dB_where_it_matters_at_equal_size()
    {
        // The right half of the cat photo (head and fur) is marked important, the left half not.
        var image = SampleImages.Load("chelsea.png");
        int w = image.Width, h = image.Height;
        var uniform = new RegionQualityEncoder(image, BlockImportance.Uniform(w, h), Default).EncodeUniform(75).Data;
        var half = new RegionQualityEncoder(image, JpegTestHelpers.Half(w, h, right: true), Default).EncodeToSize(uniform.Length);
        var du = Djpeg.Decode(uniform);
        var dh = Djpeg.Decode(half.Data);
        int x0 = BlockImportance.GridSize(w, h).BlocksWide / 2 * 8;
        double salientU = ImageDiff.Psnr(image, du, x0, 0, w - x0, h), salientH = ImageDiff.Psnr(image, dh, x0, 0, w - x0, h);
        double backU = ImageDiff.Psnr(image, du, 0, 0, x0, h), backH = ImageDiff.Psnr(image, dh, 0, 0, x0, h);
        output.WriteLine($"uniform {uniform.Length} B, half {half.Data.Length} B (Qs {half.SalientQuality:F1}, Qb {half.BackgroundQuality:F1}, {half.Iterations} it)");
        output.WriteLine($"salient {salientU:F2} -> {salientH:F2} dB; background {backU:F2} -> {backH:F2} dB; global {ImageDiff.Psnr(image, du):F2} -> {ImageDiff.Psnr(image, dh):F2}");
        Assert.InRange(half.Data.Length, (long)(0.99 * uniform.Length), uniform.Length);
        Assert.True(salientH - salientU >= 3.0, $"salient gain {salientH - salientU:F2} dB");
        Assert.True(backH < backU, "the bytes must come from the background");
    }

    [Fact]
    public void Regions_at_equal_qualities_equal_the_uniform_encode()
    {
        var image = SampleImages.Synthetic(67, 45, seed: 5);
        var encoder = new RegionQualityEncoder(image, JpegTestHelpers.Half(67, 45, right: false), Default);
        Assert.Equal(encoder.EncodeUniform(60).Data, encoder.EncodeRegions(60, 60).Data);
    }

    [Fact]
    public void Lower_background_quality_shrinks_the_file_and_only_hurts_the_background()
    {
        var image = SampleImages.Load("coffee.png");
        int w = image.Width, h = image.Height;
        var encoder = new RegionQualityEncoder(image, JpegTestHelpers.Half(w, h, right: false), Default);
        var full = encoder.EncodeRegions(80, 80).Data;
        var mixed = encoder.EncodeRegions(80, 20).Data;
        var df = Djpeg.Decode(full);
        var dm = Djpeg.Decode(mixed);
        int x0 = BlockImportance.GridSize(w, h).BlocksWide / 2 * 8;
        Assert.True(mixed.Length < 0.8 * full.Length, $"{mixed.Length} vs {full.Length}");
        // Salient left half keeps its quality (only the chroma blocks straddling the border change).
        Assert.True(ImageDiff.Psnr(image, dm, 0, 0, x0 - 16, h) > ImageDiff.Psnr(image, df, 0, 0, x0 - 16, h) - 0.05);
        Assert.True(ImageDiff.Psnr(image, dm, x0 + 16, 0, w - x0 - 16, h) < ImageDiff.Psnr(image, df, x0 + 16, 0, w - x0 - 16, h) - 2);
    }

    [Theory]
    [InlineData("astronaut.png", false)]
    [InlineData("coffee.png", true)]
    public void Rate_control_lands_within_1_percent_below_target_from_10_to_200_percent_of_Q75(string photo, bool halfMap)
    {
        var image = SampleImages.Load(photo);
        int w = image.Width, h = image.Height;
        var map = halfMap ? JpegTestHelpers.Half(w, h, right: false) : BlockImportance.Uniform(w, h);
        var encoder = new RegionQualityEncoder(image, map, Default);
        long q75 = encoder.EncodeUniform(75).Data.Length;
        foreach (var f in new[] { 0.1, 0.25, 0.5, 0.8, 1.0, 1.3, 2.0 })
        {
            long target = (long)(q75 * f);
            var r = encoder.EncodeToSize(target);
            output.WriteLine($"{f:P0}: target {target}, got {r.Data.Length} ({r.Data.Length / (double)target:P2}), Qs {r.SalientQuality:F1} Qb {r.BackgroundQuality:F1}, {r.Iterations} evaluations");
            Assert.True(r.Data.Length <= target, $"{f:P0}: {r.Data.Length} > {target}");
            Assert.True(r.Data.Length >= 0.99 * target, $"{f:P0}: {r.Data.Length} < 0.99 * {target}");
            Assert.True(r.TargetMet);
            Djpeg.Decode(r.Data);
        }
    }
}
