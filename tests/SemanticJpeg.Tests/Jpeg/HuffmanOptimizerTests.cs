using SemanticJpeg.Jpeg.Components;
using Xunit;

namespace SemanticJpeg.Tests.Jpeg;

public class HuffmanOptimizerTests
{
    /// <summary>Slow textbook Huffman (priority queue): optimal total code bits, no length limit.</summary>
    private static long OptimalCost(IEnumerable<long> freqs)
    {
        var pq = new PriorityQueue<long, long>();
        foreach (var f in freqs) if (f > 0) pq.Enqueue(f, f);
        if (pq.Count == 1) return pq.Peek();
        long cost = 0;
        while (pq.Count > 1)
        {
            long a = pq.Dequeue(), b = pq.Dequeue();
            cost += a + b;
            pq.Enqueue(a + b, a + b);
        }
        return cost;
    }

    private static void AssertValidPrefixCode(HuffmanSpec spec)
    {
        // Kraft sum strictly below 1: the all-ones code point stays unused (T.81 C.2 / K.2).
        double kraft = 0;
        for (int len = 1; len <= 16; len++) kraft += spec.CountsByLength[len - 1] * Math.Pow(2, -len);
        Assert.True(kraft < 1.0, $"Kraft sum {kraft}");
        Assert.Equal(spec.Symbols.Length, spec.Symbols.Distinct().Count());
        foreach (var sym in spec.Symbols)
            Assert.NotEqual((1 << spec.Lengths[sym]) - 1, (int)spec.Codes[sym]);
    }

    [Fact]
    public void Random_statistics_give_an_optimal_code_with_the_reserved_point()
    {
        var rng = new Random(1234);
        for (int trial = 0; trial < 100; trial++)
        {
            var counts = new long[256];
            int used = rng.Next(1, 200);
            for (int i = 0; i < used; i++) counts[rng.Next(256)] += rng.Next(1, 5000);
            var spec = HuffmanOptimizer.Build(counts);
            long ours = 0;
            for (int s = 0; s < 256; s++)
            {
                if (counts[s] > 0) Assert.InRange(spec.Lengths[s], 1, 16);
                ours += counts[s] * spec.Lengths[s];
            }
            AssertValidPrefixCode(spec);
            // Bounded below by the unconstrained optimum, above by the optimum that includes the reserved symbol.
            long lower = OptimalCost(counts);
            long upper = OptimalCost(counts.Append(1));
            Assert.InRange(ours, lower, upper);
        }
    }

    [Fact]
    public void Skewed_statistics_are_limited_to_16_bits()
    {
        var counts = new long[256];
        long a = 1, b = 1;
        for (int s = 0; s < 40; s++) { counts[s] = a; (a, b) = (b, a + b); } // Fibonacci: an unlimited code would reach 39 bits
        var spec = HuffmanOptimizer.Build(counts);
        for (int s = 0; s < 40; s++) Assert.InRange(spec.Lengths[s], 1, 16);
        AssertValidPrefixCode(spec);
    }

    [Fact]
    public void Single_and_empty_statistics_still_give_a_usable_table()
    {
        var counts = new long[256];
        counts[5] = 100;
        Assert.Equal(1, HuffmanOptimizer.Build(counts).Lengths[5]);
        Assert.Single(HuffmanOptimizer.Build(new long[256]).Symbols);
    }

    [Fact]
    public void Annex_k_tables_cover_every_baseline_symbol()
    {
        foreach (var ac in new[] { StandardHuffmanTables.LumaAc, StandardHuffmanTables.ChromaAc })
        {
            Assert.Equal(162, ac.Symbols.Length);
            for (int run = 0; run < 16; run++)
                for (int size = 1; size <= 10; size++)
                    Assert.InRange(ac.Lengths[(run << 4) | size], 1, 16);
            Assert.True(ac.Lengths[0x00] > 0 && ac.Lengths[0xF0] > 0);
            AssertValidPrefixCode(ac);
        }
        foreach (var dc in new[] { StandardHuffmanTables.LumaDc, StandardHuffmanTables.ChromaDc })
            for (int size = 0; size <= 11; size++) Assert.InRange(dc.Lengths[size], 1, 16);
    }
}
