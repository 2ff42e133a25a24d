using SemanticJpeg.Pipeline;
using SemanticJpeg.Saliency;
using SemanticJpeg.Tests.TestSupport;
using Xunit;

namespace SemanticJpeg.Tests.Pipeline;

public sealed class SaliencyMapReaderTests
{
    [Fact]
    public void A_map_of_another_size_is_fitted_and_keeps_its_layout()
    {
        // 4x2 map: left half 0, right half 1.
        var map = new SaliencyMap(4, 2, [0, 0, 1, 1, 0, 0, 1, 1]);
        var fitted = SaliencyMapReader.Fit(map, 40, 30);
        Assert.Equal((40, 30), (fitted.Width, fitted.Height));
        Assert.True(fitted[2, 15] < 0.05f && fitted[37, 15] > 0.95f);
        Assert.All(fitted.Values, v => Assert.InRange(v, 0f, 1f));
    }

    [Fact]
    public void Values_are_clamped_and_nan_is_refused()
    {
        var fitted = SaliencyMapReader.Fit(new SaliencyMap(2, 1, [-3f, 7f]), 2, 1);
        Assert.Equal([0f, 1f], fitted.Values);
        var e = Assert.Throws<SemanticJpegException>(() => SaliencyMapReader.Fit(new SaliencyMap(2, 1, [float.NaN, 1f]), 2, 1));
        Assert.Equal(SemanticJpegErrorCode.InvalidSaliencyMap, e.Code);
    }

    [Fact]
    public void A_file_that_is_not_an_image_is_an_invalid_saliency_map()
    {
        var dir = TestPaths.NewTempDirectory();
        var path = Path.Combine(dir, "map.png");
        File.WriteAllText(path, "not a png");
        var e = Assert.Throws<SemanticJpegException>(() => SaliencyMapReader.Read(path, 10, 10));
        Assert.Equal(SemanticJpegErrorCode.InvalidSaliencyMap, e.Code);
        e = Assert.Throws<SemanticJpegException>(() => SaliencyMapReader.Read(Path.Combine(dir, "none.png"), 10, 10));
        Assert.Equal(SemanticJpegErrorCode.InvalidSaliencyMap, e.Code);
    }

    [Fact]
    public void A_grey_file_reads_as_its_grey_levels()
    {
        var dir = TestPaths.NewTempDirectory();
        var path = Path.Combine(dir, "map.pgm");
        // P5 3x1: 0, 128, 255.
        File.WriteAllBytes(path, [.. "P5\n3 1\n255\n"u8.ToArray(), 0, 128, 255]);
        var map = SaliencyMapReader.Read(path, 3, 1);
        Assert.Equal(0f, map.Values[0], 3);
        Assert.Equal(128 / 255f, map.Values[1], 3);
        Assert.Equal(1f, map.Values[2], 3);
    }
}
