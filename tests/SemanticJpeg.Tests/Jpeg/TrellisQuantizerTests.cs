using SemanticJpeg.Jpeg.Components;
using Xunit;

namespace SemanticJpeg.Tests.Jpeg;

public class TrellisQuantizerTests
{
    private static readonly byte[] AcLengths = StandardHuffmanTables.LumaAc.Lengths;

    /// <summary>Slow cost of a complete AC choice: code bits (ZRL, EOB included) plus weighted squared error.</summary>
    private static double Cost(float[] x, float[] w, short[] levels)
    {
        double cost = 0;
        int last = 0;
        for (int k = 1; k < 64; k++)
        {
            double e = x[k] - levels[k];
            cost += w[k] * e * e;
            if (levels[k] == 0) continue;
            int run = k - last - 1;
            while (run >= 16) { cost += AcLengths[0xF0]; run -= 16; }
            int size = 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)Math.Abs((int)levels[k]));
            cost += AcLengths[(run << 4) | size] + size;
            last = k;
        }
        if (last != 63) cost += AcLengths[0];
        return cost;
    }

    [Fact]
    public void Finds_the_cheapest_choice_that_brute_force_finds()
    {
        var rng = new Random(2024);
        for (int trial = 0; trial < 300; trial++)
        {
            var x = new float[64];
            var w = new float[64];
            float lambda = (float)(0.2 + rng.NextDouble() * 20);
            var positions = Enumerable.Range(1, 63).OrderBy(_ => rng.Next()).Take(rng.Next(1, 7)).ToArray();
            foreach (var p in positions) x[p] = (float)((rng.NextDouble() - 0.5) * (rng.Next(2) == 0 ? 6 : 60));
            for (int k = 1; k < 64; k++)
            {
                if (x[k] == 0) x[k] = (float)((rng.NextDouble() - 0.5) * 0.9); // rounds to zero: only ever part of a run
                w[k] = lambda;
            }
            var rounded = x.Select((v, k) => k == 0 ? (short)0 : (short)MathF.Round(v, MidpointRounding.AwayFromZero)).ToArray();

            var levels = (short[])rounded.Clone();
            ulong mask = TrellisQuantizer.Quantize(x, w, AcLengths, levels);
            double ours = Cost(x, w, levels);
            for (int k = 1; k < 64; k++) Assert.Equal(levels[k] != 0, ((mask >> k) & 1) != 0);

            // Brute force over {rounded, one towards zero, zero} at every position that rounds to non-zero.
            var nz = Enumerable.Range(1, 63).Where(k => rounded[k] != 0).ToArray();
            double best = double.MaxValue;
            var trialLevels = new short[64];
            int combos = (int)Math.Pow(3, nz.Length);
            for (int c = 0; c < combos; c++)
            {
                int code = c;
                bool valid = true;
                foreach (var k in nz)
                {
                    int choice = code % 3; code /= 3;
                    int r = rounded[k];
                    int m = Math.Abs(r) - choice;
                    if (choice == 2) m = 0;
                    if (choice == 1 && Math.Abs(r) == 1) { valid = false; break; }
                    trialLevels[k] = (short)(r < 0 ? -m : m);
                }
                if (valid) best = Math.Min(best, Cost(x, w, trialLevels));
            }
            Assert.True(ours <= best + 1e-3 * Math.Max(1, best), $"trial {trial}: trellis {ours} vs brute force {best}");
            Assert.True(ours <= Cost(x, w, rounded) + 1e-3, "never worse than plain rounding");
        }
    }

    [Fact]
    public void Dc_choice_stays_within_the_coarse_step_and_prefers_the_predictor()
    {
        var dc = StandardHuffmanTables.LumaDc.Lengths;
        // Predictor 10 lies within half a (4-step) coarse step of 11.3: a zero difference is cheapest.
        Assert.Equal(10, TrellisQuantizer.ChooseDc(11.3f, 11, 10, 4f, 0.5f, dc));
        // Step ratio 1 (block at the file's quality): the predictor is out of reach; rounding stays.
        Assert.Equal(11, TrellisQuantizer.ChooseDc(11.3f, 11, 5, 1f, 0.5f, dc));
        var rng = new Random(3);
        for (int i = 0; i < 1000; i++)
        {
            float x0 = (float)((rng.NextDouble() - 0.5) * 400);
            float ratio = (float)(1 + rng.NextDouble() * 10);
            int r = (int)MathF.Round(x0);
            int chosen = TrellisQuantizer.ChooseDc(x0, r, rng.Next(-200, 200), ratio, (float)rng.NextDouble(), dc);
            Assert.True(Math.Abs(chosen - x0) <= Math.Max(0.5f * ratio, Math.Abs(r - x0)) + 1e-4, $"{chosen} vs {x0} (ratio {ratio})");
        }
    }
}
