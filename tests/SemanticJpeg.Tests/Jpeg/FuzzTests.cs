using SemanticJpeg.Imaging;
using SemanticJpeg.Jpeg;
using SemanticJpeg.Jpeg.Components;
using SemanticJpeg.Jpeg.Progressive;
using SemanticJpeg.Tests.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace SemanticJpeg.Tests.Jpeg;

/// <summary>
/// Seeded random images, maps, settings and targets through every entry point; every output must decode in
/// djpeg without a warning at the right size. SEMJPEG_FUZZ_COUNT / SEMJPEG_FUZZ_SEED override count and seed.
/// </summary>
public class FuzzTests(ITestOutputHelper output)
{
    private static int EnvInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out int v) ? v : fallback;

    [Fact]
    public void Random_inputs_always_give_decodable_files()
    {
        int count = EnvInt("SEMJPEG_FUZZ_COUNT", 150);
        int seed = EnvInt("SEMJPEG_FUZZ_SEED", 20261125);
        var rng = new Random(seed);
        var progressiveRng = new Random(seed ^ 0x50524F47); // a stream of its own: the other draws stay as they were
        output.WriteLine($"{count} cases, seed {seed}");
        int progressive = 0;
        for (int i = 0; i < count; i++)
        {
            int w = 1 + (int)Math.Pow(rng.NextDouble(), 2) * 300, h = 1 + (int)Math.Pow(rng.NextDouble(), 2) * 300;
            int channels = rng.Next(4) == 0 ? 1 : 3;
            var image = RandomImage(rng, w, h, channels);
            var (bw, bh) = BlockImportance.GridSize(w, h);
            var values = new float[bw * bh];
            int mapKind = rng.Next(3);
            for (int j = 0; j < values.Length; j++)
                values[j] = mapKind == 0 ? 1f : mapKind == 1 ? (float)rng.NextDouble() : rng.Next(2);
            var options = new JpegWriterOptions
            {
                Subsampling = (ChromaSubsampling)rng.Next(3),
                RestartInterval = rng.Next(3) == 0 ? rng.Next(1, 8) : 0,
                OptimizeHuffman = rng.Next(4) != 0,
                Progressive = progressiveRng.Next(3) == 0,
            };
            var encoder = new RegionQualityEncoder(image, new BlockImportance(bw, bh, values), options);
            string what = $"case {i}: {w}x{h}x{channels} {options.Subsampling} rst {options.RestartInterval} opt {options.OptimizeHuffman} prog {options.Progressive} map {mapKind}";
            byte[] data = rng.Next(4) switch
            {
                0 => encoder.EncodeUniform(rng.Next(1, 101)).Data,
                1 => encoder.EncodeRegions(rng.Next(1, 101), rng.Next(1, 101)).Data,
                2 => EncodeToRandomSize(encoder, rng, what),
                _ => EncodeOptimizedToRandomSize(encoder, rng),
            };
            PixelImage decoded;
            try { decoded = Djpeg.Decode(data); }
            catch (Exception e) { throw new Xunit.Sdk.XunitException($"{what}: {e.Message}"); }
            Assert.True((w, h, channels) == (decoded.Width, decoded.Height, decoded.Channels), what);
            int frame = Progressive.ProgressiveFixture.FrameMarker(data);
            Assert.True(frame == 0xC0 || (options.Progressive && frame == 0xC2), what); // progressive may fall back to baseline
            if (frame == 0xC2) progressive++;
            if (options.Progressive) CheckProgressiveWriter(encoder, progressiveRng, what);
        }
        output.WriteLine($"{progressive} of them progressive files");
    }

    /// <summary>
    /// The progressive writer itself, without the baseline fallback: its file of random-quality coefficients
    /// (regions, trellis as drawn) decodes in djpeg pixel for pixel like the baseline file of the same coefficients.
    /// </summary>
    private static void CheckProgressiveWriter(RegionQualityEncoder encoder, Random rng, string what)
    {
        var plan = QuantPlan.Create(QuantizationTables.LibjpegScale(rng.Next(1, 101)), QuantizationTables.LibjpegScale(rng.Next(1, 101)));
        using var q = new QuantizedImage(encoder.Layout);
        var stats = new SymbolStatistics();
        encoder.Quantize(plan, q, stats);
        var progressive = ProgressiveJpegWriter.Write(encoder.Layout, plan.Tables, q, encoder.Options);
        var baseline = encoder.WriteBaseline(plan, q, stats);
        try { Assert.Equal(Djpeg.Decode(baseline).Pixels, Djpeg.Decode(progressive).Pixels); }
        catch (Exception e) { throw new Xunit.Sdk.XunitException($"{what}, progressive writer: {e.Message}"); }
    }

    private static byte[] EncodeToRandomSize(RegionQualityEncoder encoder, Random rng, string what)
    {
        long q75 = encoder.EncodeUniform(75).Data.Length;
        long target = Math.Max(1, (long)(q75 * (0.05 + rng.NextDouble() * 2.5)));
        var r = encoder.EncodeToSize(target);
        // Whenever the file is not the smallest possible one, it must respect the target.
        if (r.TargetMet) Assert.InRange(r.Data.Length, (long)Math.Ceiling(0.99 * target), target);
        return r.Data;
    }

    /// <summary>The RD writer (what users get): random target, automatic or random strength, quality or size reference.</summary>
    private static byte[] EncodeOptimizedToRandomSize(RegionQualityEncoder encoder, Random rng)
    {
        long q75 = encoder.EncodeUniform(75).Data.Length;
        long target = Math.Max(1, (long)(q75 * (0.05 + rng.NextDouble() * 2.5)));
        double? strength = rng.Next(3) switch { 0 => null, 1 => 0, _ => rng.NextDouble() * 30 };
        var r = encoder.EncodeOptimized(target, strength, rng.Next(2) == 0 ? rng.Next(1, 101) : null);
        if (r.TargetMet) Assert.InRange(r.Data.Length, (long)Math.Ceiling(0.99 * target), target);
        return r.Data;
    }

    private static PixelImage RandomImage(Random rng, int w, int h, int channels)
    {
        var img = new PixelImage(w, h, channels);
        int kind = rng.Next(3);
        byte flat = (byte)rng.Next(256);
        double fx = rng.NextDouble() * 4, fy = rng.NextDouble() * 4;
        for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
        for (int c = 0; c < channels; c++)
        {
            int v = kind switch
            {
                0 => flat,
                1 => rng.Next(256),
                _ => (int)(x * fx + y * fy + c * 40) % 256,
            };
            img.Pixels[(y * w + x) * channels + c] = (byte)v;
        }
        return img;
    }
}
