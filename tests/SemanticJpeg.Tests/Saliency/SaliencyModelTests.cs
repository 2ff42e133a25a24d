using Xunit;
using SemanticJpeg.Imaging;
using SemanticJpeg.Saliency;
using SemanticJpeg.Tests.TestSupport;
using Xunit.Abstractions;

namespace SemanticJpeg.Tests.Saliency;

[Collection(SaliencyCollection.Name)]
public sealed class SaliencyModelTests(SaliencyModelFixture fixture, ITestOutputHelper output)
{
    private readonly SaliencyModel _model = fixture.Model;

    [Theory]
    [InlineData("astronaut.png")]
    [InlineData("chelsea.png")]
    [InlineData("coffee.png")]
    [InlineData("motorcycle_left.png")]
    [InlineData("rocket.jpg")]
    public void SubjectScoresWellAboveTheRest(string name)
    {
        var photo = SampleImages.Load(name);
        var map = _model.Compute(photo);

        var box = SaliencyTestImages.Subjects[name];
        var (inside, outside) = SaliencyTestImages.MeanInsideOutside(map, box);
        double auc = SaliencyTestImages.BoxAuc(map, box);
        output.WriteLine($"{name}: inside {inside:F3}, outside {outside:F3}, ratio {inside / outside:F2}, box AUC {auc:F3}, salient share {map.SalientFraction():P0}");
        Assert.True(inside >= 1.5 * outside, $"{name}: mean inside the subject box {inside:F3} is not 1.5x the mean outside {outside:F3}.");
        Assert.True(auc >= 0.75, $"{name}: the box's pixels outrank the rest with probability {auc:F3} only.");
        Assert.Equal(photo.Width, map.Width);
        Assert.Equal(photo.Height, map.Height);
        Assert.All(map.Values, v => Assert.InRange(v, 0f, 1f));
        // Calibrated: the subject's core is close to certain, not stretched to exactly 1.
        Assert.InRange(map.Values.Max(), 0.8f, 1f);
    }

    [Fact]
    public void EmptyBackgroundIsNearZeroYetStillRanked()
    {
        var map = _model.Compute(SampleImages.Load("coffee.png"));
        // The dark corner above the table is empty background: close to 0, but not a tied block
        // of exact zeros (the ranking inside the background is kept).
        float corner = 0, cornerMin = 1;
        for (int y = 0; y < 40; y++)
            for (int x = 0; x < 60; x++) { corner = Math.Max(corner, map[x, y]); cornerMin = Math.Min(cornerMin, map[x, y]); }
        output.WriteLine($"corner {cornerMin:F4}..{corner:F4}");
        Assert.True(corner < 0.05f, $"corner max {corner:F3}");
        Assert.True(cornerMin > 0f, "the background is not clipped to exactly 0");
        Assert.True(map.Values.Count(v => v == 0f) < map.Values.Length / 100, "no large area is tied at exactly 0");
    }

    [Fact]
    public void FlatGreyImageGivesExactlyUniformMap()
    {
        var map = _model.Compute(SaliencyTestImages.Flat(640, 480, 128, 128, 128), SaliencyOptions.Default);
        var (min, max, std) = SaliencyTestImages.Stats(map);
        output.WriteLine($"flat grey: min {min:F3} max {max:F3} std {std:F4}");
        Assert.Equal(SaliencyOptions.Default.NoSubjectLevel, min);
        Assert.Equal(SaliencyOptions.Default.NoSubjectLevel, max);
    }

    [Theory]
    [InlineData("facade")]
    [InlineData("noise")]
    [InlineData("noisy grey")]
    [InlineData("sky gradient")]
    [InlineData("black")]
    [InlineData("white")]
    public void ImageWithoutSubjectGivesUniformMap(string kind)
    {
        var image = kind switch
        {
            "facade" => SaliencyTestImages.Facade(640, 480),
            "noise" => SaliencyTestImages.Noise(640, 480),
            "noisy grey" => SaliencyTestImages.NoisyGrey(640, 480, sigma: 5),
            "black" => SaliencyTestImages.Flat(500, 300, 0, 0, 0),
            "white" => SaliencyTestImages.Flat(500, 300, 255, 255, 255),
            _ => SaliencyTestImages.Gradient(640, 480),
        };
        _model.ComputeGrid(image, null, out var d);
        var map = _model.Compute(image);
        var (min, max, std) = SaliencyTestImages.Stats(map);
        output.WriteLine($"{kind}: peak {d.Peak:F3}, spread {d.Spread:F3}, confidence {d.Confidence:F2}, min {min:F4} max {max:F4}");
        Assert.Equal(0f, d.Confidence);
        Assert.Equal(SaliencyOptions.Default.NoSubjectLevel, min);
        Assert.Equal(SaliencyOptions.Default.NoSubjectLevel, max);
    }

    [Theory]
    [InlineData("astronaut.png")]
    [InlineData("chelsea.png")]
    [InlineData("coffee.png")]
    [InlineData("motorcycle_left.png")]
    [InlineData("rocket.jpg")]
    public void PhotosWithASubjectAreConfident(string name)
    {
        _model.ComputeGrid(SampleImages.Load(name), null, out var d);
        output.WriteLine($"{name}: peak {d.Peak:F3}, spread {d.Spread:F3}, confidence {d.Confidence:F2}");
        Assert.True(d.Confidence > 0.99f, $"{name}: confidence {d.Confidence:F2}");
    }

    [Fact]
    public void OffCentreSubjectStillWins()
    {
        // The cat's face pasted on the right third of a subject-less textured canvas.
        var cat = SampleImages.Load("chelsea.png");
        var canvas = SaliencyTestImages.Facade(900, 500);
        var crop = new SaliencyTestImages.Box(110, 30, 370, 290);
        SaliencyTestImages.Paste(canvas, cat, crop, 620, 120);
        var map = _model.Compute(canvas);

        var (pasted, _) = SaliencyTestImages.MeanInsideOutside(map, new(620, 120, 880, 380));
        var (centre, _) = SaliencyTestImages.MeanInsideOutside(map, new(320, 120, 580, 380));
        output.WriteLine($"pasted subject {pasted:F3}, centre {centre:F3}");
        Assert.True(pasted > 2 * centre, $"off-centre subject {pasted:F3} vs centre {centre:F3}");
    }

    [Theory]
    [InlineData(16, 16, 3)]
    [InlineData(1, 1, 3)]
    [InlineData(1, 1, 1)]
    [InlineData(37, 5, 1)]
    public void TinyImagesWork(int width, int height, int channels)
    {
        var map = _model.Compute(SampleImages.Synthetic(width, height, channels));
        Assert.Equal(width, map.Width);
        Assert.Equal(height, map.Height);
        Assert.All(map.Values, v => Assert.InRange(v, 0f, 1f));
    }

    [Fact]
    public void HugeImageIsDownscaledFirst()
    {
        var image = SampleImages.Synthetic(6000, 4000, 3, seed: 2, noise: 4);
        var map = _model.Compute(image);
        Assert.Equal(6000, map.Width);
        Assert.Equal(4000, map.Height);
        // Bounded work is asserted through the network input sizes, not with a clock (the
        // benchmark measures the time).
        var sizes = _model.InputSizes(6000, 4000, SaliencyOptions.Default);
        Assert.Equal([(352, 224)], sizes);
    }

    [Fact]
    public void GreyPhotoGivesTheSameSubject()
    {
        var colour = SampleImages.Load("motorcycle_left.png");
        var grey = new PixelImage(colour.Width, colour.Height, 1);
        for (int i = 0; i < grey.PixelCount; i++)
            grey.Pixels[i] = (byte)((299 * colour.Pixels[3 * i] + 587 * colour.Pixels[3 * i + 1] + 114 * colour.Pixels[3 * i + 2]) / 1000);
        var map = _model.Compute(grey);
        var (inside, outside) = SaliencyTestImages.MeanInsideOutside(map, SaliencyTestImages.Subjects["motorcycle_left.png"]);
        Assert.True(inside >= 1.5 * outside, $"inside {inside:F3}, outside {outside:F3}");
    }

    [Fact]
    public void InputSizesKeepAspectAndFollowTheSizeRule()
    {
        var sizes = _model.InputSizes(768, 512, SaliencyOptions.Default with { Scales = [224, 448] });
        Assert.Equal([(672, 448), (352, 224)], sizes);
        Assert.Equal([(224, 352)], _model.InputSizes(512, 768, SaliencyOptions.Default with { Scales = [224] }));
        // A 5:1 panorama is capped at MaxAspect (2:1).
        Assert.Equal([(640, 320)], _model.InputSizes(5000, 1000, SaliencyOptions.Default with { Scales = [320] }));
    }

    [Fact]
    public void ComputeIsDeterministic()
    {
        var photo = SampleImages.Load("chelsea.png");
        Assert.Equal(_model.Compute(photo).Values, _model.Compute(photo).Values);
    }

    [Theory]
    [InlineData("motorcycle_left.png", 8)]
    [InlineData("rocket.jpg", 16)]
    public void BlockMeansEqualTheFullMapsBlockMeans(string name, int block)
    {
        var photo = SampleImages.Load(name);
        var map = _model.Compute(photo);
        // Asked first, before anything materialises the pixels: what the writer does.
        var blocks = map.BlockMeans(block, out int bw, out int bh);
        float mean = map.Mean(), salient = map.SalientFraction();
        var full = new SaliencyMap(map.Width, map.Height, map.Values);
        var expected = full.BlockMeans(block, out int ew, out int eh);
        Assert.Equal((ew, eh), (bw, bh));
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], blocks[i], 1e-5f);
        Assert.Equal(full.Mean(), mean, 1e-5f);
        Assert.Equal(full.SalientFraction(), salient);
    }

    [Fact]
    public void ThreadCountDoesNotChangeTheMap()
    {
        var photo = SampleImages.Load("rocket.jpg");
        var one = _model.Compute(photo, SaliencyOptions.Default with { Threads = 1 });
        var two = _model.Compute(photo, SaliencyOptions.Default with { Threads = 2 });
        Assert.Equal(one.Values, two.Values);
    }

    [Fact]
    public void KnobsChangeTheMap()
    {
        var photo = SampleImages.Load("motorcycle_left.png");
        var plain = _model.Compute(photo);
        var prior = _model.Compute(photo, SaliencyOptions.Default with { CenterPriorStrength = 1 });
        Assert.True(prior[0, 0] < plain[0, 0], "the centre prior lowers the corners");
        Assert.Equal(plain[photo.Width / 2, photo.Height / 2], prior[photo.Width / 2, photo.Height / 2], 0.02f);
        var smooth = _model.Compute(photo, SaliencyOptions.Default with { Smoothing = 0.05f });
        Assert.NotEqual(plain.Values, smooth.Values);
        var single = _model.Compute(photo, SaliencyOptions.Default with { Scales = [256] });
        Assert.NotEqual(plain.Values, single.Values);
        var half = _model.Compute(SaliencyTestImages.Flat(64, 64, 9, 9, 9), SaliencyOptions.Default with { NoSubjectLevel = 0.5f });
        Assert.All(half.Values, v => Assert.Equal(0.5f, v));
    }

    [Fact]
    public void InvalidOptionsAreRejected()
    {
        var photo = SampleImages.Synthetic(64, 64);
        Assert.Throws<ArgumentException>(() => _model.Compute(photo, SaliencyOptions.Default with { Scales = [] }));
        Assert.Throws<ArgumentException>(() => _model.Compute(photo, SaliencyOptions.Default with { SubjectPeak = 0.05f }));
        Assert.Throws<ArgumentException>(() => _model.Compute(photo, SaliencyOptions.Default with { NoSubjectSpread = 0.5f }));
        Assert.Throws<ArgumentException>(() => _model.Compute(photo, SaliencyOptions.Default with { Threads = -1 }));
    }
}
