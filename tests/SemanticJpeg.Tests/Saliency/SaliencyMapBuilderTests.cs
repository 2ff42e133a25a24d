using Xunit;
using SemanticJpeg.Saliency;

namespace SemanticJpeg.Tests.Saliency;

/// <summary>The stages after the network, on hand-made tensors and grids.</summary>
public sealed class SaliencyMapBuilderTests
{
    /// <summary>A [C,h,w] tensor: every cell has feature vector <paramref name="background"/>, the box has <paramref name="subject"/>.</summary>
    private static float[] Features(int w, int h, float[] background, float[] subject, int x0, int y0, int x1, int y1)
    {
        int c = background.Length;
        var t = new float[c * w * h];
        for (int k = 0; k < c; k++)
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                    t[k * w * h + y * w + x] = x >= x0 && x < x1 && y >= y0 && y < y1 ? subject[k] : background[k];
        return t;
    }

    [Fact]
    public void CellsUnlikeTheBordersAreFar()
    {
        var t = Features(8, 6, [1, 0, 0], [0, 1, 0], 3, 2, 6, 4);
        var d = SaliencyMapBuilder.BorderDistance(t, 3, 8, 6);
        Assert.Equal(1f, d.Values[3 * 8 + 4], 5);   // orthogonal to every side: distance 1
        Assert.Equal(0f, d.Values[0], 5);           // a border cell is like the border
        Assert.Equal(0f, d.Values[1 * 8 + 1], 5);   // so is background inside the frame
    }

    [Fact]
    public void DistanceIgnoresFeatureMagnitude()
    {
        var t = Features(6, 6, [1, 1, 0], [2, 2, 0], 2, 2, 4, 4);
        var d = SaliencyMapBuilder.BorderDistance(t, 3, 6, 6);
        Assert.All(d.Values, v => Assert.Equal(0f, v, 5));
    }

    [Fact]
    public void ASubjectTouchingOneSideKeepsThreeQuartersOfItsDistance()
    {
        // The subject runs down to the bottom edge: the bottom side's mean is partly subject.
        var t = Features(10, 10, [1, 0], [0, 1], 3, 4, 7, 10);
        var d = SaliencyMapBuilder.BorderDistance(t, 2, 10, 10);
        float subject = d.Values[6 * 10 + 5];
        Assert.InRange(subject, 0.6f, 0.9f);
        Assert.True(subject > 5 * d.Values[1 * 10 + 1]);
    }

    [Fact]
    public void CellsWithoutActivationCarryNoEvidence()
    {
        var t = Features(5, 5, [0, 0], [0, 0], 0, 0, 0, 0);
        Assert.All(SaliencyMapBuilder.BorderDistance(t, 2, 5, 5).Values, v => Assert.Equal(0f, v));
        var hole = Features(5, 5, [1, 0], [0, 0], 2, 2, 3, 3);
        Assert.Equal(0f, SaliencyMapBuilder.BorderDistance(hole, 2, 5, 5).Values[12]);
    }

    [Fact]
    public void OneCompactRegionHasASmallSpreadAScatteredOneAboutOne()
    {
        var blob = new float[20 * 20];
        for (int y = 5; y < 15; y++) for (int x = 4; x < 16; x++) blob[y * 20 + x] = 1; // 30% of the frame
        Assert.InRange(new SaliencyGrid(blob, 20, 20).TopSpread(0.3f), 0.15f, 0.4f);

        var rng = new Random(4);
        var scattered = new float[20 * 20];
        for (int i = 0; i < scattered.Length; i++) scattered[i] = (float)rng.NextDouble();
        Assert.InRange(new SaliencyGrid(scattered, 20, 20).TopSpread(0.3f), 0.85f, 1.15f);

        var rim = new float[20 * 20];
        for (int y = 0; y < 20; y++) for (int x = 0; x < 20; x++) rim[y * 20 + x] = Math.Max(Math.Abs(x - 9.5f), Math.Abs(y - 9.5f));
        Assert.True(new SaliencyGrid(rim, 20, 20).TopSpread(0.3f) > 1.2f, "distinct cells only along the frame");
    }

    [Fact]
    public void ConfidenceNeedsADistinctAndCompactSubject()
    {
        var o = SaliencyOptions.Default;
        Assert.Equal(1f, SaliencyMapBuilder.Confidence(0.9f, 0.4f, o));
        Assert.Equal(0f, SaliencyMapBuilder.Confidence(0.05f, 0.4f, o));  // nothing stands out
        Assert.Equal(0f, SaliencyMapBuilder.Confidence(0.9f, 0.97f, o));  // it is everywhere
        Assert.InRange(SaliencyMapBuilder.Confidence(0.3f, 0.4f, o), 0.4f, 0.6f);
    }

    [Fact]
    public void CalibrationMapsTheMidpointToOneHalf()
    {
        var raw = new SaliencyGrid([0.3f, 0.6f, 0.9f, 0.6f], 2, 2);
        var spread = 0f;
        var g = SaliencyMapBuilder.Build(raw, spread, 64, 64, features: true, new SaliencyModelCalibration(), SaliencyOptions.Default, out var d);
        Assert.Equal(1f, d.Confidence);
        Assert.Equal(0.5f, g.Values[1], 5);
        Assert.True(g.Values[0] < 0.01f && g.Values[2] > 0.99f);
    }
}
