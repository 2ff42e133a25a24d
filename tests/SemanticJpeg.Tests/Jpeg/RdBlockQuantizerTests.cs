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

    /// <summary>
    /// The plain O(n^2) search the quantiser prunes: every candidate magnitude, every earlier live position as
    /// predecessor, walked from the block start, first minimum kept. Same arithmetic as the quantiser, so the
    /// pruned search (nearest predecessors first with an exact stopping bound, hopeless candidates skipped, the
    /// no-live-AC shortcut) must pick exactly these levels.
    /// </summary>
    private static short[] FullSearch(float[] x, float[] weight, byte[] acBits, byte[] dcBits, int predictor)
    {
        var zeroDist = new float[64];
        var best = new float[64];
        var prev = new int[64];
        var level = new short[64];
        var live = new List<int>();
        for (int k = 1; k < 64; k++)
        {
            zeroDist[k] = zeroDist[k - 1] + weight[k] * x[k] * x[k];
            if (MathF.Abs(x[k]) >= 0.5f) live.Add(k);
        }
        int zrl = acBits[0xF0];
        float RunBits(int j, int k, int s) { int run = k - j - 1; return (run >> 4) * zrl + acBits[((run & 15) << 4) | s]; }
        for (int li = 0; li < live.Count; li++)
        {
            int k = live[li];
            float ax = MathF.Abs(x[k]);
            int rounded = Math.Min(1023, (int)(ax + 0.5f));
            int size = Size(rounded);
            float bestCost = float.MaxValue;
            foreach (int m in new[] { rounded, (1 << (size - 1)) - 1, 1 }.Distinct().Where(m => m > 0 && (m == rounded || m < rounded)))
            {
                int s = Size(m);
                float cost = RunBits(0, k, s) + zeroDist[k - 1];
                int from = 0;
                for (int lj = 0; lj < li; lj++)
                {
                    int j = live[lj];
                    float c = best[j] + (zeroDist[k - 1] - zeroDist[j]) + RunBits(j, k, s);
                    if (c < cost) { cost = c; from = j; }
                }
                cost += weight[k] * (ax - m) * (ax - m) + s;
                if (cost < bestCost) { bestCost = cost; prev[k] = from; level[k] = (short)(x[k] < 0 ? -m : m); }
            }
            best[k] = bestCost;
        }
        float total = zeroDist[63] + acBits[0];
        int end = 0;
        foreach (int j in live)
        {
            float c = best[j] + (zeroDist[63] - zeroDist[j]) + (j < 63 ? acBits[0] : 0);
            if (c < total) { total = c; end = j; }
        }
        var result = new short[64];
        for (int j = end; j > 0; j = prev[j]) result[j] = level[j];
        result[0] = RdBlockQuantizer.ChooseDc(x[0], weight[0], predictor, dcBits);
        return result;
    }

    [Theory]
    [InlineData(0.001f)]
    [InlineData(0.05f)]
    [InlineData(1f)]
    [InlineData(20f)]
    [InlineData(1000f)]
    public void The_pruned_search_picks_exactly_the_full_searchs_levels(float weightScale)
    {
        var rng = new Random(17);
        var (annexK, dc) = Lengths();
        // An optimised table of a sparse image: many symbols missing (priced 17 bits), as in later passes.
        var sparse = annexK.Select((b, i) => i % 5 == 3 ? (byte)17 : b).ToArray();
        foreach (var ac in new[] { annexK, sparse })
        for (int trial = 0; trial < 200; trial++)
        {
            // Dense, photo-like blocks from flat to heavily textured, magnitudes up to several hundred steps.
            double energy = Math.Pow(10, rng.NextDouble() * 3);
            var x = new float[64];
            for (int k = 0; k < 64; k++) x[k] = (float)(NextGaussian(rng) * energy / (1 + k / 3.0));
            var weight = new float[64];
            for (int k = 0; k < 64; k++) weight[k] = weightScale * (float)(0.3 + rng.NextDouble());
            int predictor = (int)Math.Round(x[0]) + rng.Next(-5, 6);
            var levels = new short[64];
            RdBlockQuantizer.Quantize(x, weight, ac, dc, predictor, levels);
            Assert.Equal(FullSearch(x, weight, ac, dc, predictor), levels);
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
