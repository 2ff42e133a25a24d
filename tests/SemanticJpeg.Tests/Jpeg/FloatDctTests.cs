using SemanticJpeg.Jpeg.Components;
using Xunit;

namespace SemanticJpeg.Tests.Jpeg;

public class FloatDctTests
{
    /// <summary>T.81 A.3.3 forward DCT straight from the formula, in double.</summary>
    private static double[] Reference(float[] s)
    {
        var f = new double[64];
        for (int u = 0; u < 8; u++)
        for (int v = 0; v < 8; v++)
        {
            double sum = 0;
            for (int y = 0; y < 8; y++)
            for (int x = 0; x < 8; x++)
                sum += s[y * 8 + x] * Math.Cos((2 * x + 1) * v * Math.PI / 16) * Math.Cos((2 * y + 1) * u * Math.PI / 16);
            double cu = u == 0 ? 1 / Math.Sqrt(2) : 1, cv = v == 0 ? 1 / Math.Sqrt(2) : 1;
            f[u * 8 + v] = 0.25 * cu * cv * sum;
        }
        return f;
    }

    private static float[] RandomBlock(Random rng)
    {
        var b = new float[64];
        for (int i = 0; i < 64; i++) b[i] = rng.Next(256) - 128;
        return b;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Matches_the_formula_after_scaling(bool simd)
    {
        var rng = new Random(42);
        for (int trial = 0; trial < 200; trial++)
        {
            var input = RandomBlock(rng);
            var expected = Reference(input);
            var block = (float[])input.Clone();
            FloatDct.Forward(block, simd);
            for (int i = 0; i < 64; i++)
                Assert.True(Math.Abs(block[i] / FloatDct.ScaleFactor(i) - expected[i]) < 2e-3,
                    $"trial {trial}, coefficient {i}: {block[i] / FloatDct.ScaleFactor(i)} vs {expected[i]}");
        }
    }

    [Fact]
    public void Simd_and_scalar_agree()
    {
        if (!FloatDct.SimdAvailable) return; // nothing to compare on a machine without AVX
        var rng = new Random(7);
        for (int trial = 0; trial < 200; trial++)
        {
            var a = RandomBlock(rng);
            var b = (float[])a.Clone();
            FloatDct.Forward(a, allowSimd: true);
            FloatDct.ForwardScalar(b);
            for (int i = 0; i < 64; i++) Assert.Equal(b[i], a[i], 2e-3f);
        }
    }

    [Fact]
    public void Flat_block_has_only_dc()
    {
        var block = Enumerable.Repeat(10f, 64).ToArray();
        FloatDct.Forward(block);
        Assert.Equal(80.0, block[0] / FloatDct.ScaleFactor(0), 1e-4); // F(0,0) = 8 * mean
        for (int i = 1; i < 64; i++) Assert.Equal(0f, block[i], 1e-4f);
    }
}
