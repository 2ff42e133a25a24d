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

        var (inside, outside) = SaliencyTestImages.MeanInsideOutside(map, SaliencyTestImages.Subjects[name]);
        output.WriteLine($"{name}: inside {inside:F3}, outside {outside:F3}, ratio {inside / outside:F2}, salient share {map.SalientFraction():P0}");
        Assert.True(inside >= 1.5 * outside, $"{name}: mean inside the subject box {inside:F3} is not 1.5x the mean outside {outside:F3}.");
        Assert.Equal(photo.Width, map.Width);
        Assert.Equal(photo.Height, map.Height);
        Assert.All(map.Values, v => Assert.InRange(v, 0f, 1f));
        Assert.Equal(1f, map.Values.Max(), 0.05f);
    }

    [Fact]
    public void EmptyBackgroundGoesToZero()
    {
        var map = _model.Compute(SampleImages.Load("coffee.png"));
        // The dark corner above the table is empty background.
        float corner = 0;
        for (int y = 0; y < 40; y++)
            for (int x = 0; x < 60; x++) corner = Math.Max(corner, map[x, y]);
        Assert.True(corner < 0.02f, $"corner max {corner:F3}");
    }

    [Fact]
    public void FlatGreyImageGivesUniformMap()
    {
        var map = _model.Compute(SaliencyTestImages.Flat(640, 480, 128, 128, 128), SaliencyOptions.Default);
        var (min, max, std) = SaliencyTestImages.Stats(map);
        output.WriteLine($"flat grey: min {min:F3} max {max:F3} std {std:F4}");
        Assert.True(max - min < 0.05f, $"max - min = {max - min:F3}");
        Assert.Equal(SaliencyOptions.Default.NoSubjectLevel, map.Mean(), 0.05f);
    }

    [Theory]
    [InlineData("facade")]
    [InlineData("noise")]
    [InlineData("noisy grey")]
    [InlineData("sky gradient")]
    public void ImageWithoutSubjectGivesNearUniformMap(string kind)
    {
        var image = kind switch
        {
            "facade" => SaliencyTestImages.Facade(640, 480),
            "noise" => SaliencyTestImages.Noise(640, 480),
            "noisy grey" => SaliencyTestImages.NoisyGrey(640, 480, sigma: 5),
            _ => SaliencyTestImages.Gradient(640, 480),
        };
        var grid = _model.ComputeGrid(image, null, out var diagnostics);
        var map = SaliencyMapBuilder.ToImageSize(grid, image.Width, image.Height);
        var (min, max, std) = SaliencyTestImages.Stats(map);
        output.WriteLine($"{kind}: contrast {diagnostics.Contrast:F3}, structure {diagnostics.Structure:F2}, confidence {diagnostics.Confidence:F2}, std {std:F4}");
        Assert.True(std < 0.05, $"{kind}: std {std:F4}");
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
        output.WriteLine($"{name}: contrast {d.Contrast:F3}, structure {d.Structure:F2}, confidence {d.Confidence:F2}");
        Assert.True(d.Confidence > 0.9f, $"{name}: confidence {d.Confidence:F2}");
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
        Assert.All(sizes, s => Assert.True(s.Width <= 2 * 448 && s.Height <= 448, $"network input {s}"));
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

    [Fact]
    public void KnobsChangeTheMap()
    {
        var photo = SampleImages.Load("motorcycle_left.png");
        var plain = _model.Compute(photo, SaliencyOptions.Default with { CenterPriorStrength = 0, Threshold = 0 });
        Assert.Equal(1f, plain.Values.Max(), 0.02f);
        var thresholded = _model.Compute(photo, SaliencyOptions.Default with { CenterPriorStrength = 0, Threshold = 0.5f });
        Assert.True(thresholded.SalientFraction(0.01f) < plain.SalientFraction(0.01f));
        var single = _model.Compute(photo, SaliencyOptions.Default with { Scales = [320] });
        Assert.NotEqual(plain.Values, single.Values);
    }

    [Fact]
    public void InvalidOptionsAreRejected()
    {
        var photo = SampleImages.Synthetic(64, 64);
        Assert.Throws<ArgumentException>(() => _model.Compute(photo, SaliencyOptions.Default with { Scales = [] }));
        Assert.Throws<ArgumentException>(() => _model.Compute(photo, SaliencyOptions.Default with { Threshold = 1 }));
        Assert.Throws<ArgumentException>(() => _model.Compute(photo, SaliencyOptions.Default with { LowQuantile = 0.99f, HighQuantile = 0.5f }));
    }
}
