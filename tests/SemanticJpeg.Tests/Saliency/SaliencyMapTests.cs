using Xunit;
using SemanticJpeg.Saliency;
using SemanticJpeg.Tests.TestSupport;

namespace SemanticJpeg.Tests.Saliency;

/// <summary>
/// A map made from a coarse grid answers BlockMeans, Mean and SalientFraction without materialising
/// its pixels, and must give what the materialised map gives.
/// </summary>
public sealed class SaliencyMapTests
{
    private static SaliencyGrid RandomGrid(int w, int h, int seed)
    {
        var rng = new Random(seed);
        var v = new float[w * h];
        for (int i = 0; i < v.Length; i++) v[i] = (float)rng.NextDouble();
        return new SaliencyGrid(v, w, h);
    }

    [Theory]
    [InlineData(30, 20, 768, 512, 8)]
    [InlineData(30, 20, 768, 512, 16)]
    [InlineData(20, 30, 501, 757, 8)]   // partial last blocks
    [InlineData(30, 20, 37, 5, 8)]      // grid finer than the image: the resampler shrinks
    [InlineData(20, 20, 1, 1, 8)]
    [InlineData(1, 1, 13, 9, 4)]
    [InlineData(7, 3, 6000, 40, 8)]
    public void GridMapEqualsItsMaterialisedValues(int gw, int gh, int width, int height, int block)
    {
        var lazy = new SaliencyMap(RandomGrid(gw, gh, gw * 31 + gh), width, height);
        var blocks = lazy.BlockMeans(block, out int bw, out int bh);
        float mean = lazy.Mean();
        float salient = lazy.SalientFraction();
        float salientLow = lazy.SalientFraction(0.3f);

        var full = new SaliencyMap(width, height, (float[])lazy.Values.Clone());
        var expected = full.BlockMeans(block, out int ew, out int eh);
        Assert.Equal((ew, eh), (bw, bh));
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], blocks[i], 1e-5f);
        Assert.Equal(full.Mean(), mean, 1e-5f);
        Assert.Equal(full.SalientFraction(), salient);
        Assert.Equal(full.SalientFraction(0.3f), salientLow);
        Assert.All(full.Values, v => Assert.InRange(v, 0f, 1f));
    }

    [Fact]
    public void UpsamplingIsBilinearBetweenCellCentres()
    {
        // Two cells, 0 and 1, over 4 pixels: cell centres sit at pixels 0.5 and 2.5.
        var map = new SaliencyMap(new SaliencyGrid([0f, 1f], 2, 1), 4, 1);
        Assert.Equal([0f, 0.25f, 0.75f, 1f], map.Values);
    }

    [Fact]
    public void UniformMapIsExactEverywhere()
    {
        var map = SaliencyMap.Uniform(1001, 7, 0.25f);
        Assert.All(map.BlockMeans(8, out _, out _), v => Assert.Equal(0.25f, v));
        Assert.Equal(0.25f, map.Mean());
        Assert.Equal(0f, map.SalientFraction());
        Assert.All(map.Values, v => Assert.Equal(0.25f, v));
    }

    [Fact]
    public void ValuesMapIsUsedAsGiven()
    {
        var values = new float[] { 0, 1, 0.5f, 0.25f };
        var map = new SaliencyMap(2, 2, values);
        Assert.Same(values, map.Values);
        Assert.Equal(0.4375f, map.Mean());
        Assert.Equal([0.4375f], map.BlockMeans(8, out _, out _));
        Assert.Throws<ArgumentException>(() => new SaliencyMap(3, 2, values));
        Assert.Throws<ArgumentOutOfRangeException>(() => map.BlockMeans(0, out _, out _));
    }

    [Fact]
    public void MaterialisingIsSafeFromSeveralThreads()
    {
        var map = new SaliencyMap(RandomGrid(30, 20, 5), 640, 480);
        var results = new float[8][];
        Parallel.For(0, results.Length, i => results[i] = map.Values);
        Assert.All(results, r => Assert.Same(map.Values, r));
    }
}
