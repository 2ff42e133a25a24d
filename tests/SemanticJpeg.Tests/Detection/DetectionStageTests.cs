using Xunit;
using SemanticJpeg.Imaging;
using SemanticJpeg.Saliency;
using SemanticJpeg.Saliency.Detection;

namespace SemanticJpeg.Tests.Detection;

/// <summary>The stages around the networks: anchors, box decoding, suppression, input sampling, fusion.</summary>
public sealed class DetectionStageTests
{
    [Fact]
    public void BlazeFaceBackAnchorsMatchTheModelsTwoHeads()
    {
        var a = SsdAnchors.Generate(256, SsdAnchors.BlazeFaceBackStrides);
        Assert.Equal(512 + 384, a.Length);
        // 16x16 grid, 2 anchors per cell, row by row.
        Assert.Equal((0.5f / 16, 0.5f / 16), a[0]);
        Assert.Equal(a[0], a[1]);
        Assert.Equal((1.5f / 16, 0.5f / 16), a[2]);
        Assert.Equal((0.5f / 16, 1.5f / 16), a[32]);
        // then the 8x8 grid with 6 per cell (three stride-32 layers).
        Assert.Equal((0.5f / 8, 0.5f / 8), a[512]);
        Assert.Equal(a[512], a[517]);
        Assert.Equal((1.5f / 8, 0.5f / 8), a[518]);
        Assert.Equal((7.5f / 8, 7.5f / 8), a[^1]);
    }

    [Fact]
    public void DecodeOffsetsBoxesFromTheirAnchorAndThresholdsTheSigmoid()
    {
        var anchors = new (float X, float Y)[] { (0.25f, 0.25f), (0.75f, 0.5f) };
        var logits = new[] { 2f, -2f }; // sigmoid 0.88 and 0.12
        var reg = new float[32];
        reg[0] = 12.8f; reg[1] = -25.6f; reg[2] = 51.2f; reg[3] = 25.6f; // in input pixels (256)
        var boxes = FaceBoxDecoder.Decode(logits, reg, anchors, 256, 0.5f);
        var b = Assert.Single(boxes);
        Assert.Equal(1f / (1f + MathF.Exp(-2f)), b.Score, 5);
        Assert.Equal(0.25f + 0.05f - 0.1f, b.X, 5);  // centre 0.30, width 0.2
        Assert.Equal(0.25f - 0.1f - 0.05f, b.Y, 5);  // centre 0.15, height 0.1
        Assert.Equal(0.2f, b.Width, 5);
        Assert.Equal(0.1f, b.Height, 5);
    }

    [Fact]
    public void WeightedNmsBlendsOverlapsAndKeepsSeparateFaces()
    {
        var boxes = new List<FaceBoxDecoder.Box>
        {
            new(0.10f, 0.10f, 0.20f, 0.20f, 0.9f),
            new(0.12f, 0.10f, 0.20f, 0.20f, 0.6f),  // same face, another anchor
            new(0.60f, 0.60f, 0.20f, 0.20f, 0.7f),  // another face
        };
        var merged = FaceBoxDecoder.WeightedNms(boxes, 0.3f);
        Assert.Equal(2, merged.Count);
        Assert.Equal(0.9f, merged[0].Score);
        Assert.Equal((0.10f * 0.9f + 0.12f * 0.6f) / 1.5f, merged[0].X, 5);
        Assert.Equal(0.60f, merged[1].X, 5);
    }

    [Fact]
    public void SamplerAveragesAreasAndLetterboxesWithPad()
    {
        // 8x4 image: left half 0, right half 200 -> 4x4 tensor letterboxed (content 4x2, centred).
        var img = new PixelImage(8, 4, 1);
        for (int y = 0; y < 4; y++) for (int x = 4; x < 8; x++) img.Pixels[y * 8 + x] = 200;
        var t = TensorSampler.Sample(img, 4, letterbox: true, scale: 1, offset: 0, pad: -5, out var place);
        Assert.Equal(new TensorSampler.Placement(0, 1, 4, 2), place);
        Assert.Equal(-5, t[0]);                          // row 0 is padding
        Assert.Equal(0, t[(1 * 4 + 0) * 3]);             // content row 1: left half 0
        Assert.Equal(200, t[(1 * 4 + 3) * 3], 3);        // right half 200, all three channels
        Assert.Equal(200, t[(2 * 4 + 3) * 3 + 2], 3);
        Assert.Equal(-5, t[(3 * 4 + 2) * 3 + 1]);

        // A 3x shrink of a ramp is the mean of each 3-pixel run.
        var ramp = new PixelImage(6, 1, 1, [0, 30, 60, 90, 120, 150]);
        var r = TensorSampler.Sample(ramp, 2, letterbox: false, scale: 1, offset: 0, pad: 0, out _);
        Assert.Equal(30, r[0], 3);
        Assert.Equal(120, r[3], 3);
    }

    [Fact]
    public void MirrorReversesColumnsAndKeepsChannelOrder()
    {
        var t = new float[256 * 256 * 3];
        t[0] = 1; t[1] = 2; t[2] = 3;
        var m = FaceDetector.Mirror(t);
        Assert.Equal([1f, 2f, 3f], m.AsSpan(255 * 3, 3).ToArray());
        Assert.Equal(0, m[0]);
    }

    private static PersonMask Mask(int w, int h, Func<int, int, float> f)
    {
        var v = new float[w * h];
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) v[y * w + x] = f(x, y);
        return new PersonMask(w, h, v);
    }

    [Fact]
    public void FusionPutsFacesOnTopPeopleAboveObjectsAndStaysInUnitRange()
    {
        int w = 100, h = 80;
        var objects = new SaliencyMap(w, h, Enumerable.Range(0, w * h).Select(i => i % w >= 80 ? 1f : 0.2f).ToArray()); // a bright object at the right
        var person = Mask(10, 8, (x, y) => x is >= 2 and <= 5 ? 1f : 0f);                                         // a person left of centre
        var face = new FaceDetection(30, 10, 10, 10, 0.9f);

        var map = SaliencyFusion.Fuse(objects, w, h, [face], person);
        Assert.All(map.Values, v => Assert.InRange(v, 0f, 1f));
        Assert.Equal(1f, map[35, 15], 3);                    // face centre: the top of the map
        float body = map[40, 60], obj = map[90, 60], background = map[70, 60];
        Assert.True(body > obj, $"person {body} must outrank the object {obj}");
        Assert.True(obj > background, $"the object {obj} still outranks background {background}");
        Assert.Equal(1f * 0.7f, obj, 3);                      // objects scaled once a person is found
        Assert.True(map[35, 15] > body);
    }

    [Fact]
    public void FaceBoxIsEnlargedWithASoftEdge()
    {
        var face = new FaceDetection(40, 40, 20, 20, 0.9f);
        var map = SaliencyFusion.Fuse(SaliencyMap.Uniform(100, 100, 0f), 100, 100, [face], null);
        Assert.Equal(1f, map[50, 37], 3);          // inside the 1.4x box (36..64), outside the detection (40..60)
        float edge = map[50, 66];                  // in the soft edge
        Assert.InRange(edge, 0.05f, 0.95f);
        Assert.Equal(0f, map[50, 80]);             // well outside
        Assert.Equal(0f, map[5, 5]);
    }

    [Fact]
    public void NothingFoundLeavesTheObjectMapUntouched()
    {
        var objects = new SaliencyMap(4, 4, Enumerable.Range(0, 16).Select(i => i / 16f).ToArray());
        var noPerson = Mask(4, 4, (_, _) => 0.1f);
        Assert.Same(objects, SaliencyFusion.Fuse(objects, 4, 4, [], noPerson));
        Assert.Same(objects, SaliencyFusion.Fuse(objects, 4, 4, [], null));
    }

    [Fact]
    public void WithoutObjectsNothingFoundIsUniformAndFacesStandAlone()
    {
        var uniform = SaliencyFusion.Fuse(null, 10, 10, [], null);
        Assert.All(uniform.Values, v => Assert.Equal(1f, v));
        var faceOnly = SaliencyFusion.Fuse(null, 50, 50, [new FaceDetection(20, 20, 10, 10, 0.9f)], null);
        Assert.Equal(1f, faceOnly[25, 25], 3);
        Assert.Equal(0f, faceOnly[2, 2]);
    }

    [Fact]
    public void FaceBoxesAreDrawnOnTheOverlay()
    {
        var img = new PixelImage(20, 20, 3);
        FaceBoxPainter.Draw(img, [new FaceDetection(5, 5, 10, 10, 0.9f)]);
        Assert.Equal([0, 255, 255], img.Pixels.AsSpan((5 * 20 + 8) * 3, 3).ToArray());   // top edge
        Assert.Equal([0, 255, 255], img.Pixels.AsSpan((10 * 20 + 14) * 3, 3).ToArray());  // right edge
        Assert.Equal([0, 0, 0], img.Pixels.AsSpan((10 * 20 + 10) * 3, 3).ToArray());       // inside untouched
    }
}
