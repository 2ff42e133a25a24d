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
        // Reference 1: libjpeg's accurate integer DCT (islow), which a float AAN DCT should match closely.
        var islow = JpegTestHelpers.MagickEncode(image, q, s, dctMethod: "islow");
        // Reference 2: ImageMagick as it comes (its default DCT is not islow in this build; see the test below).
        var plain = JpegTestHelpers.MagickEncode(image, q, s);
        double psnrOurs = ImageDiff.Psnr(image, Djpeg.Decode(ours));
        double psnrIslow = ImageDiff.Psnr(image, Djpeg.Decode(islow));
        double psnrPlain = ImageDiff.Psnr(image, Djpeg.Decode(plain));
        output.WriteLine($"{photo} {s} Q{q}: ours {ours.Length} B {psnrOurs:F3} dB; magick islow {islow.Length} B {psnrIslow:F3} dB; magick default {plain.Length} B {psnrPlain:F3} dB");
        Assert.InRange(ours.Length / (double)islow.Length, 0.97, 1.03);
        Assert.InRange(psnrOurs - psnrIslow, -0.1, 0.1);
        Assert.InRange(ours.Length / (double)plain.Length, 0.97, 1.03);
        Assert.True(psnrOurs >= psnrPlain - 0.1, $"{psnrOurs:F3} vs {psnrPlain:F3}");
    }

    [Fact]
    public void Magick_defaults_are_optimised_huffman_and_420_below_q90_but_not_islow()
    {
        // What the comparison above relies on: stating these settings changes nothing in ImageMagick's output.
        var image = SampleImages.Synthetic(96, 64, seed: 4);
        byte[] Plain(string? optimize)
        {
            using var m = MagickPixelConverter.ToMagickImage(image);
            m.Quality = 75;
            m.Strip();
            if (optimize is not null) m.Settings.SetDefine(MagickFormat.Jpeg, "optimize-coding", optimize);
            return m.ToByteArray(MagickFormat.Jpeg);
        }
        var defaults = Plain(null);
        Assert.Equal(JpegTestHelpers.MagickEncode(image, 75, ChromaSubsampling.Yuv420), defaults);
        // Its default DCT is not islow: asking for islow changes the output.
        Assert.NotEqual(JpegTestHelpers.MagickEncode(image, 75, ChromaSubsampling.Yuv420, dctMethod: "islow"), defaults);
        Assert.True(Plain("false").Length > defaults.Length);
        var sof = JpegTestHelpers.Segments(defaults).Single(seg => seg.Marker == 0xC0).Payload;
        Assert.Equal(0x22, sof[7]); // luma sampling factors 2x2, i.e. 4:2:0
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

    [Fact]
    public void Rate_control_lands_in_the_window_with_a_soft_map_on_every_photo()
    {
        // A soft centre-weighted map puts blocks at every importance level: the case where table steps jump.
        foreach (var photo in SampleImages.PhotoNames)
        {
            var image = SampleImages.Load(photo);
            var map = JpegTestHelpers.CentreWeighted(image.Width, image.Height);
            var encoder = new RegionQualityEncoder(image, map, Default);
            foreach (int q in new[] { 20, 50, 85 })
            {
                long target = encoder.EncodeUniform(q).Data.Length;
                var r = encoder.EncodeToSize(target);
                output.WriteLine($"{photo} size of Q{q} {target}: {r.Data.Length} ({r.Data.Length / (double)target:P2}) Qs {r.SalientQuality:F1} Qb {r.BackgroundQuality:F1} {r.Iterations} evaluations");
                Assert.InRange(r.Data.Length, (long)Math.Ceiling(0.99 * target), target);
            }
        }
    }

    [Fact]
    public void Exif_and_icc_segments_survive_and_magick_reads_them()
    {
        var image = SampleImages.Synthetic(40, 30);
        byte[] icc;
        using (var withProfile = new MagickImage(MagickColors.Red, 1, 1))
        {
            withProfile.SetProfile(ColorProfiles.SRGB);
            icc = withProfile.GetColorProfile()!.ToByteArray();
        }
        var bigIcc = new byte[150_000]; // three APP2 chunks
        new Random(1).NextBytes(bigIcc);
        // A minimal big-endian TIFF header with an empty IFD0.
        byte[] exif = [0x4D, 0x4D, 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00];

        var jpeg = new RegionQualityEncoder(image, BlockImportance.Uniform(40, 30), new JpegWriterOptions { Exif = exif, IccProfile = icc })
            .EncodeUniform(80).Data;
        Djpeg.Decode(jpeg);
        using (var m = new MagickImage(jpeg))
        {
            Assert.Equal(icc, m.GetColorProfile()!.ToByteArray());
            Assert.Equal(exif, m.GetExifProfile()!.ToByteArray()[6..]);
        }

        var chunked = new RegionQualityEncoder(image, BlockImportance.Uniform(40, 30), new JpegWriterOptions { IccProfile = bigIcc, Exif = new byte[70_000] })
            .EncodeUniform(80).Data;
        Djpeg.Decode(chunked);
        var segments = JpegTestHelpers.Segments(chunked);
        Assert.Equal(3, segments.Count(s => s.Marker == 0xE2));
        Assert.DoesNotContain(segments, s => s.Marker == 0xE1); // too long for one segment: skipped, not failed
        using var big = new MagickImage(chunked);
        Assert.Equal(bigIcc, big.GetProfile("icc")!.ToByteArray());
    }

    [Theory]
    [InlineData(1, ChromaSubsampling.Yuv420)]
    [InlineData(3, ChromaSubsampling.Yuv444)]
    [InlineData(7, ChromaSubsampling.Yuv422)]
    public void Restart_intervals_decode_identically(int interval, ChromaSubsampling s)
    {
        var image = SampleImages.Synthetic(83, 61, seed: interval);
        var plain = new RegionQualityEncoder(image, BlockImportance.Uniform(83, 61), new JpegWriterOptions { Subsampling = s }).EncodeUniform(70).Data;
        var withRst = new RegionQualityEncoder(image, BlockImportance.Uniform(83, 61), new JpegWriterOptions { Subsampling = s, RestartInterval = interval }).EncodeUniform(70).Data;
        Assert.Contains(JpegTestHelpers.Segments(withRst), seg => seg.Marker == 0xDD);
        Assert.Equal(Djpeg.Decode(plain).Pixels, Djpeg.Decode(withRst).Pixels);
    }

    [Fact]
    public void Standard_tables_decode_and_cost_more_than_optimised_ones()
    {
        var image = SampleImages.Load("chelsea.png");
        var map = BlockImportance.Uniform(image.Width, image.Height);
        var optimised = new RegionQualityEncoder(image, map, Default).EncodeUniform(75).Data;
        var standard = new RegionQualityEncoder(image, map, new JpegWriterOptions { OptimizeHuffman = false }).EncodeUniform(75).Data;
        Assert.Equal(Djpeg.Decode(optimised).Pixels, Djpeg.Decode(standard).Pixels);
        Assert.True(standard.Length > optimised.Length);
    }

    [Fact]
    public void Simd_and_scalar_paths_give_the_same_quality()
    {
        var image = SampleImages.Synthetic(120, 90, seed: 9);
        var map = JpegTestHelpers.Half(120, 90, right: true);
        var simd = new RegionQualityEncoder(image, map, Default).EncodeRegions(85, 30).Data;
        var scalar = new RegionQualityEncoder(image, map, new JpegWriterOptions { ForceScalar = true }).EncodeRegions(85, 30).Data;
        Assert.InRange(scalar.Length / (double)simd.Length, 0.995, 1.005);
        Assert.Equal(ImageDiff.Psnr(image, Djpeg.Decode(scalar)), ImageDiff.Psnr(image, Djpeg.Decode(simd)), 0.02);
    }

    [Fact]
    public void Separate_instances_encode_concurrently_with_identical_results()
    {
        var images = Enumerable.Range(0, 6).Select(i => SampleImages.Synthetic(150 + i * 7, 100, seed: i)).ToArray();
        byte[] Run(int i)
        {
            var img = images[i];
            var enc = new RegionQualityEncoder(img, JpegTestHelpers.Half(img.Width, img.Height, right: i % 2 == 0), Default);
            return enc.EncodeToSize(enc.EncodeUniform(70).Data.Length).Data;
        }
        var sequential = Enumerable.Range(0, images.Length).Select(Run).ToArray();
        var parallel = new byte[images.Length][];
        Parallel.For(0, images.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => parallel[i] = Run(i));
        for (int i = 0; i < images.Length; i++) Assert.Equal(sequential[i], parallel[i]);
    }

    [Fact]
    public void Unreachable_targets_return_the_closest_file_and_say_so()
    {
        var image = SampleImages.Synthetic(64, 64, seed: 2, noise: 40);
        var encoder = new RegionQualityEncoder(image, BlockImportance.Uniform(64, 64), Default);
        var tiny = encoder.EncodeToSize(100);
        Assert.False(tiny.TargetMet);
        Assert.True(tiny.Data.Length > 100);
        var huge = encoder.EncodeToSize(10_000_000);
        Assert.False(huge.TargetMet);
        Assert.True(huge.Data.Length >= encoder.EncodeUniform(100).Data.Length * 0.98);
        Djpeg.Decode(tiny.Data);
        Djpeg.Decode(huge.Data);
    }
}
