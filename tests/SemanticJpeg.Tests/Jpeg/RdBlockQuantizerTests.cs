using System.Numerics;
using SemanticJpeg.Jpeg.Components;
using Xunit;

namespace SemanticJpeg.Tests.Jpeg;

/// <summary>The RD trellis against brute force over every choice of levels, with real code lengths.</summary>
public sealed class RdBlockQuantizerTests
{
    /// <summary>The full cost the quantiser minimises: weighted squared error + bits of the block's symbols.</summary>
    private static double Cost(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<short> levels, byte[] acBits, byte[] dcBits, int predictor)
    {
        double cost = 0;
        for (int k = 0; k < 64; k++)
        {
            double e = x[k] - levels[k];
            cost += weight[k] * e * e;
        }
        int dcSize = Size(levels[0] - predictor);
        cost += dcBits[dcSize] + dcSize;
        int last = 0;
        for (int k = 1; k < 64; k++)
        {
            if (levels[k] == 0) continue;
            int run = k - last - 1;
            while (run >= 16) { cost += acBits[0xF0]; run -= 16; }
            int s = Size(levels[k]);
            cost += acBits[(run << 4) | s] + s;
            last = k;
        }
        if (last != 63) cost += acBits[0];
        return cost;
    }

    private static int Size(int v) => 32 - BitOperations.LeadingZeroCount((uint)Math.Abs(v));

    /// <summary>Code lengths of a real optimised table: the Annex K ones are what the first pass prices with.</summary>
    private static (byte[] Ac, byte[] Dc) Lengths()
    {
        var plan = RdPlan.Create(100, 0.5, 0.35f, [StandardHuffmanTables.LumaDc], [StandardHuffmanTables.LumaAc]);
        return (plan.AcBits[0], plan.DcBits[0]);
    }

    /// <summary>A sparse block: a few live coefficients (|x| &lt; 3.5, so every size category is a candidate), the rest below 0.5.</summary>
    private static float[] SparseBlock(Random rng, int live, out int[] positions)
    {
        var x = new float[64];
        x[0] = (float)(rng.NextDouble() * 40 - 20);
        for (int k = 1; k < 64; k++) x[k] = (float)(rng.NextDouble() - 0.5) * 0.9f;
        positions = Enumerable.Range(1, 63).OrderBy(_ => rng.Next()).Take(live).Order().ToArray();
        foreach (var p in positions) x[p] = (float)((rng.NextDouble() * 3.0 + 0.5) * (rng.Next(2) == 0 ? -1 : 1));
        return x;
    }

    [Theory]
    [InlineData(1, 0.05f)]
    [InlineData(7, 0.4f)]
    [InlineData(13, 2f)]
    [InlineData(21, 10f)]
    public void Trellis_finds_the_brute_force_optimum_of_weighted_error_plus_real_bits(int seed, float weightScale)
    {
        var rng = new Random(seed);
        var (ac, dc) = Lengths();
        for (int trial = 0; trial < 40; trial++)
        {
            var x = SparseBlock(rng, 4, out var live);
            var weight = new float[64];
            for (int k = 0; k < 64; k++) weight[k] = weightScale * (float)(0.5 + rng.NextDouble());
            int predictor = (int)Math.Round(x[0]) + rng.Next(-3, 4);
            var levels = new short[64];
            RdBlockQuantizer.Quantize(x, weight, ac, dc, predictor, levels);
            double trellis = Cost(x, weight, levels, ac, dc, predictor);

            // Brute force: every magnitude 0..rounded (with the sign of x) at each live position, DC as chosen.
            double best = double.MaxValue;
            var trial2 = new short[64];
            trial2[0] = levels[0];
            var maxMag = live.Select(p => (int)MathF.Round(MathF.Abs(x[p]))).ToArray();
            var mags = new int[live.Length];
            while (true)
            {
                for (int i = 0; i < live.Length; i++) trial2[live[i]] = (short)(Math.Sign(x[live[i]]) * mags[i]);
                best = Math.Min(best, Cost(x, weight, trial2, ac, dc, predictor));
                int d = 0;
                while (d < live.Length && ++mags[d] > maxMag[d]) mags[d++] = 0;
                if (d == live.Length) break;
            }
            Assert.True(trellis <= best + 1e-3, $"trial {trial}: trellis {trellis:F4} > brute force {best:F4}");
        }
    }

    [Fact]
    public void Dc_choice_is_the_cheapest_of_its_candidates()
    {
        var (_, dc) = Lengths();
        var rng = new Random(3);
        for (int i = 0; i < 200; i++)
        {
            float x0 = (float)(rng.NextDouble() * 60 - 30);
            int predictor = (int)x0 + rng.Next(-4, 5);
            float w = (float)rng.NextDouble() * 4;
            short chosen = RdBlockQuantizer.ChooseDc(x0, w, predictor, dc);
            double Cost(int level) { int s = Size(level - predictor); return dc[s] + s + w * (x0 - level) * (x0 - level); }
            foreach (int c in new[] { (int)MathF.Floor(x0), (int)MathF.Floor(x0) + 1 })
                Assert.True(Cost(chosen) <= Cost(c) + 1e-4, $"{chosen} costs more than {c} for x0 {x0}, predictor {predictor}");
        }
    }

    [Theory]
    [InlineData(0.02f)]
    [InlineData(0.3f)]
    [InlineData(3f)]
    [InlineData(1000f)]
    public void Rd_cost_is_never_above_plain_rounding_at_the_same_lambda(float weightScale)
    {
        var (ac, dc) = Lengths();
        var rng = new Random(11);
        for (int trial = 0; trial < 300; trial++)
        {
            var x = new float[64];
            // Photo-like: energy falls with frequency.
            for (int k = 0; k < 64; k++) x[k] = (float)(NextGaussian(rng) * 30.0 / (1 + k));
            var weight = Enumerable.Repeat(weightScale, 64).ToArray();
            int predictor = (int)Math.Round(x[0]) + rng.Next(-2, 3);
            var rd = new short[64];
            RdBlockQuantizer.Quantize(x, weight, ac, dc, predictor, rd);
            var rounded = x.Select(v => (short)Math.Clamp(MathF.Round(v, MidpointRounding.AwayFromZero), -1023, 1023)).ToArray();
            Assert.True(Cost(x, weight, rd, ac, dc, predictor) <= Cost(x, weight, rounded, ac, dc, predictor) + 1e-3, $"trial {trial}");
        }
    }

    [Fact]
    public void Huge_weights_give_plain_rounding_and_tiny_weights_give_an_empty_block()
    {
        var (ac, dc) = Lengths();
        var rng = new Random(5);
        var x = new float[64];
        for (int k = 0; k < 64; k++) x[k] = (float)(NextGaussian(rng) * 20.0 / (1 + k / 4));
        var levels = new short[64];
        RdBlockQuantizer.Quantize(x, Enumerable.Repeat(1e6f, 64).ToArray(), ac, dc, 0, levels);
        for (int k = 0; k < 64; k++) Assert.Equal((short)MathF.Round(x[k], MidpointRounding.AwayFromZero), levels[k]);
        ulong mask = RdBlockQuantizer.Quantize(x, Enumerable.Repeat(1e-6f, 64).ToArray(), ac, dc, (int)MathF.Round(x[0]), levels);
        Assert.Equal(0UL, mask & ~1UL);
        Assert.Equal((short)MathF.Round(x[0]), levels[0]); // a zero DC difference is the cheapest DC
    }

    [Fact]
    public void Returned_mask_matches_the_levels()
    {
        var (ac, dc) = Lengths();
        var rng = new Random(9);
        for (int trial = 0; trial < 100; trial++)
        {
            var x = new float[64];
            for (int k = 0; k < 64; k++) x[k] = (float)(NextGaussian(rng) * 8.0);
            var levels = new short[64];
            ulong mask = RdBlockQuantizer.Quantize(x, Enumerable.Repeat(0.5f, 64).ToArray(), ac, dc, 0, levels);
            for (int k = 0; k < 64; k++) Assert.Equal(levels[k] != 0, (mask >> k & 1) != 0);
        }
    }

    private static double NextGaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
