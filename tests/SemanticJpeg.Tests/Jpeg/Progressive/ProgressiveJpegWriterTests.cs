using SemanticJpeg.Imaging;
using SemanticJpeg.Jpeg;
using SemanticJpeg.Jpeg.Progressive;
using SemanticJpeg.Tests.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace SemanticJpeg.Tests.Jpeg.Progressive;

public class ProgressiveJpegWriterTests(ITestOutputHelper output)
{
    public static TheoryData<int, int, int, ChromaSubsampling, int> Cases()
    {
        var data = new TheoryData<int, int, int, ChromaSubsampling, int>();
        foreach (var (w, h) in new[] { (1, 1), (7, 5), (51, 7), (17, 33), (203, 141) })
        {
            foreach (var s in Enum.GetValues<ChromaSubsampling>())
                data.Add(w, h, 3, s, 0);
            data.Add(w, h, 1, ChromaSubsampling.Yuv420, 0);
        }
        data.Add(203, 141, 3, ChromaSubsampling.Yuv420, 5);
        data.Add(51, 7, 1, ChromaSubsampling.Yuv420, 1);
        data.Add(17, 33, 3, ChromaSubsampling.Yuv422, 2);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decodes_pixel_for_pixel_like_the_baseline_file_of_the_same_coefficients(int w, int h, int channels, ChromaSubsampling s, int restart)
    {
        var image = SampleImages.Synthetic(w, h, channels, seed: w * 7 + h, noise: 10);
        foreach (int q in new[] { 30, 75, 95 })
        {
            using var f = new ProgressiveFixture(image, q, new JpegWriterOptions { Subsampling = s, RestartInterval = restart, Progressive = true });
            var progressive = f.WriteSearched();
            Assert.Equal(0xC2, ProgressiveFixture.FrameMarker(progressive));
            Assert.Equal(0xC0, ProgressiveFixture.FrameMarker(f.Baseline));
            var djpeg = Djpeg.Decode(progressive);
            Assert.Equal((w, h, channels), (djpeg.Width, djpeg.Height, djpeg.Channels));
            Assert.Equal(Djpeg.Decode(f.Baseline).Pixels, djpeg.Pixels);
            Assert.Equal(JpegTestHelpers.MagickDecode(f.Baseline).Pixels, JpegTestHelpers.MagickDecode(progressive).Pixels);
        }
    }

    [Fact]
    public void Every_script_the_search_can_choose_decodes_in_djpeg_without_warning_and_identically()
    {
        // Every depth and every partition of 1..63 at the search's cut points, for luma and (depth capped) chroma,
        // cycling the DC choices (point transform, shared or separate chroma tables) and restart intervals.
        var image = SampleImages.Synthetic(45, 29, 3, seed: 5, noise: 30);
        var grey = SampleImages.Synthetic(21, 13, 1, seed: 6, noise: 30);
        int inner = ScanSearch.Cuts.Length - 2; // cut points strictly inside 1..63
        int n = 0;
        foreach (var (img, s) in new[] { (image, ChromaSubsampling.Yuv420), (image, ChromaSubsampling.Yuv422), (grey, ChromaSubsampling.Yuv420) })
        {
            using var f0 = new ProgressiveFixture(img, 90, new JpegWriterOptions { Subsampling = s, Progressive = true });
            using var f1 = new ProgressiveFixture(img, 90, new JpegWriterOptions { Subsampling = s, Progressive = true, RestartInterval = 3 });
            var expected = Djpeg.Decode(f0.Baseline).Pixels;
            Assert.Equal(expected, Djpeg.Decode(f1.Baseline).Pixels);
            for (int depth = 0; depth <= ScanSearch.MaxLumaDepth; depth++)
            for (int cuts = 0; cuts < 1 << inner; cuts++, n++)
            {
                var ends = Enumerable.Range(1, inner).Where(i => (cuts >> (i - 1) & 1) != 0).Select(i => ScanSearch.Cuts[i]).Append(63).ToArray();
                int comps = f0.Layout.Components.Length;
                var ac = Enumerable.Range(0, comps)
                    .Select(c => (c == 0 ? depth : Math.Min(depth, ScanSearch.MaxChromaDepth), c == 2 ? ends[^1..] : ends))
                    .ToArray();
                var script = ScanSearch.Compose(comps, dcAl: n & 1, ac);
                var f = (n & 4) == 0 ? f0 : f1;
                var plan = ProgressiveJpegWriter.PlanFor(f.Layout, f.Quantized, f.Options, script, separateChromaDc: (n & 2) != 0);
                var file = ProgressiveJpegWriter.Write(f.Layout, f.Plan.Tables, f.Quantized, f.Options, plan);
                var decoded = Djpeg.Decode(file); // throws on any djpeg warning
                Assert.True(expected.AsSpan().SequenceEqual(decoded.Pixels), $"{s} depth {depth} bands {string.Join(",", ends)}");
            }
        }
        output.WriteLine($"{n} scripts decoded identically");
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(2, 0)]
    [InlineData(1, 7)]
    public void Band_statistics_of_the_search_equal_the_coder_counts(int al, int restart)
    {
        var image = SampleImages.Synthetic(83, 61, 3, seed: 9, noise: 25);
        using var f = new ProgressiveFixture(image, 85, new JpegWriterOptions { Progressive = true, RestartInterval = restart });
        var cuts = ScanSearch.Cuts;
        for (int c = 0; c < f.Layout.Components.Length; c++)
        {
            var all = BandStatistics.Count(f.Quantized.Levels[c], f.Quantized.Masks[c], f.Layout.Components[c].BlocksWide,
                ScanGeometry.RealBlocksWide(f.Layout, c), ScanGeometry.RealBlocksHigh(f.Layout, c), al, restart, cuts);
            for (int i = 0; i < cuts.Length; i++)
            for (int j = i + 1; j < cuts.Length; j++)
            {
                var scan = new ScanSpec([c], cuts[i] + 1, cuts[j], 0, al);
                var direct = ScanCoder.Count(f.Layout, f.Quantized, scan, [0], 1, restart);
                Assert.Equal(direct.Counts[0], all[i, j].Counts[0]);
                Assert.Equal(direct.ExtraBits, all[i, j].ExtraBits);
                Assert.Equal(direct.Restarts, all[i, j].Restarts);
            }
        }
    }

    [Theory]
    [InlineData(ChromaSubsampling.Yuv420)]
    [InlineData(ChromaSubsampling.Yuv422)]
    public void Ac_scans_walk_the_real_block_grid_not_the_mcu_padding(ChromaSubsampling s)
    {
        // 17x9: luma needs 3x2 blocks, the MCU grid pads it to 4 columns (A.2.2 vs A.2.3).
        using var f = new ProgressiveFixture(SampleImages.Synthetic(17, 9, 3, seed: 3), 75, new JpegWriterOptions { Subsampling = s, Progressive = true });
        Assert.Equal((3, 4), (ScanGeometry.RealBlocksWide(f.Layout, 0), f.Layout.Components[0].BlocksWide));
        var before = f.WriteSearched();
        int padded = 3; // block (3, 0): padding only
        f.Quantized.Levels[0][padded * 64 + 5] = 37;
        f.Quantized.Masks[0][padded] |= 1UL << 5;
        Assert.Equal(before, f.WriteSearched());
    }

    [Fact]
    public void Size_estimate_is_exact_but_for_stuffing()
    {
        var image = SampleImages.Load("chelsea.png");
        using var f = new ProgressiveFixture(image, 75, new JpegWriterOptions { Progressive = true });
        var plan = ProgressiveJpegWriter.Plan(f.Layout, f.Quantized, f.Options);
        var file = ProgressiveJpegWriter.Write(f.Layout, f.Plan.Tables, f.Quantized, f.Options, plan);
        Assert.Equal(file.Length, plan.EstimateBytes() + ProgressiveFixture.StuffedBytes(file), 6);
        Assert.Equal(ProgressiveFixture.ScanCount(file), plan.Scans.Count);
        ScanScriptValidator.Validate(f.Layout, plan.Script.ToList());
        output.WriteLine(string.Join("\n", plan.Scans.Select(s => $"{s.Scan}  {s.Bytes:F0} B")));
    }

    [Theory]
    [InlineData("chelsea.png", 50)]
    [InlineData("coffee.png", 75)]
    [InlineData("astronaut.png", 75)]
    public void Is_smaller_than_baseline_on_photos(string photo, int quality)
    {
        using var f = new ProgressiveFixture(SampleImages.Load(photo), quality, new JpegWriterOptions { Progressive = true });
        var progressive = f.WriteSearched();
        double ratio = progressive.Length / (double)f.Baseline.Length;
        output.WriteLine($"{photo} Q{quality}: baseline {f.Baseline.Length}, progressive {progressive.Length}, ratio {ratio:F4}");
        Assert.True(ratio < 0.99, $"ratio {ratio:F4}");
    }

    [Fact]
    public void Carries_exif_and_icc_like_baseline()
    {
        var image = SampleImages.Synthetic(40, 30, 3, seed: 2);
        byte[] exif = [(byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0];
        var icc = new byte[70000]; // two APP2 chunks
        new Random(1).NextBytes(icc);
        using var f = new ProgressiveFixture(image, 80, new JpegWriterOptions { Progressive = true, Exif = exif, IccProfile = icc });
        var progressive = f.WriteSearched();
        Assert.Equal(Djpeg.Decode(f.Baseline).Pixels, Djpeg.Decode(progressive).Pixels);
        // Everything up to the frame header is the same segments as in the baseline file.
        int header = ProgressiveFixture.FrameOffset(f.Baseline);
        Assert.True(header > icc.Length);
        Assert.Equal(f.Baseline.AsSpan(0, header).ToArray(), progressive.AsSpan(0, ProgressiveFixture.FrameOffset(progressive)).ToArray());
    }

    [Fact]
    public void Validator_rejects_scripts_a_decoder_would_warn_about()
    {
        using var f = new ProgressiveFixture(SampleImages.Synthetic(16, 16, 3), 75, new JpegWriterOptions { Progressive = true });
        var ok = ScanSearch.Compose(3, 1, [(2, [5, 63]), (1, [63]), (0, [63])]);
        ScanScriptValidator.Validate(f.Layout, ok);
        List<ScanSpec> acFirst = [.. ok];
        (acFirst[0], acFirst[1]) = (acFirst[1], acFirst[0]);
        Assert.Throws<ArgumentException>(() => ScanScriptValidator.Validate(f.Layout, acFirst));
        Assert.Throws<ArgumentException>(() => ScanScriptValidator.Validate(f.Layout, ok.Take(ok.Count - 1).ToList())); // incomplete
        Assert.Throws<ArgumentException>(() => ScanScriptValidator.Validate(f.Layout, [.. ok, new ScanSpec([0], 1, 63, 1, 0)])); // twice
        Assert.Throws<ArgumentException>(() => ScanScriptValidator.Validate(f.Layout, [new ScanSpec([0, 1], 1, 5, 0, 0)]));
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(1.0)]
    public void Rate_control_meets_the_target_with_the_progressive_file(double fraction)
    {
        var image = SampleImages.Load("coffee.png");
        var map = JpegTestHelpers.CentreWeighted(image.Width, image.Height);
        using var encoder = new RegionQualityEncoder(image, map, new JpegWriterOptions { Progressive = true });
        long target = (long)(encoder.EncodeUniform(75).Data.Length * fraction);
        var r = encoder.EncodeToSize(target);
        output.WriteLine($"target {target}: {r.Data.Length} bytes after {r.Iterations} evaluations");
        // At a low rate the RD writer leaves so few coefficients that the progressive scans can cost more than
        // one baseline scan; the writer then keeps the baseline file (the fallback). At Q75's size it must not.
        int frame = ProgressiveFixture.FrameMarker(r.Data);
        Assert.True(frame == 0xC2 || (fraction < 0.5 && frame == 0xC0), $"frame marker {frame:X2}");
        Assert.True(r.TargetMet);
        Assert.InRange(r.Data.Length, (long)Math.Ceiling(0.99 * target), target);
        Djpeg.Decode(r.Data);
    }
}
