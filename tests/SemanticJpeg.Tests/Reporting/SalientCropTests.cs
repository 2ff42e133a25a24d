using SemanticJpeg.Reporting;
using SemanticJpeg.Saliency;
using Xunit;

namespace SemanticJpeg.Tests.Reporting;

public class SalientCropTests
{
    private static SaliencyMap WithHotSpot(int width, int height, int x0, int y0, int size, float background = 0.1f)
    {
        var v = new float[width * height];
        Array.Fill(v, background);
        for (int y = y0; y < y0 + size; y++)
        for (int x = x0; x < x0 + size; x++) v[y * width + x] = 1f;
        return new SaliencyMap(width, height, v);
    }

    [Fact]
    public void Finds_a_planted_hot_spot()
    {
        var map = WithHotSpot(300, 200, x0: 170, y0: 90, size: 40);
        Assert.Equal(new CropRect(170, 90, 40, 40), SalientCrop.Find(map, 40, 40));
    }

    [Fact]
    public void A_larger_crop_contains_the_hot_spot()
    {
        var map = WithHotSpot(300, 200, x0: 170, y0: 90, size: 40, background: 0f);
        var r = SalientCrop.Find(map, 100, 80);
        Assert.Equal((100, 80), (r.Width, r.Height));
        Assert.InRange(r.X, 170 + 40 - 100, 170);
        Assert.InRange(r.Y, 90 + 40 - 80, 90);
    }

    [Fact]
    public void Hot_spot_at_the_far_corner_is_reached()
    {
        var map = WithHotSpot(64, 48, x0: 54, y0: 38, size: 10);
        Assert.Equal(new CropRect(54, 38, 10, 10), SalientCrop.Find(map, 10, 10));
    }

    [Fact]
    public void Crop_larger_than_the_map_is_clipped_to_it()
    {
        var map = SaliencyMap.Uniform(30, 20, 0.5f);
        Assert.Equal(new CropRect(0, 0, 30, 20), SalientCrop.Find(map, 100, 100));
        Assert.Equal(new CropRect(0, 0, 30, 5), SalientCrop.Find(map, 64, 5));
    }

    [Fact]
    public void Ties_go_to_the_top_left()
    {
        Assert.Equal(new CropRect(0, 0, 8, 8), SalientCrop.Find(SaliencyMap.Uniform(40, 30, 0.3f), 8, 8));
    }

    [Fact]
    public void The_least_salient_rectangle_avoids_the_subject()
    {
        // Saliency falls from left to right, with a hot spot: the least salient crop is at the right edge.
        var v = new float[300 * 200];
        for (int y = 0; y < 200; y++)
            for (int x = 0; x < 300; x++) v[y * 300 + x] = 1f - x / 300f;
        var map = new SaliencyMap(300, 200, v);
        Assert.Equal(new CropRect(260, 0, 40, 40), SalientCrop.FindLeast(map, 40, 40));
        Assert.Equal(new CropRect(0, 0, 40, 40), SalientCrop.Find(map, 40, 40));
        Assert.Equal(new CropRect(0, 0, 8, 8), SalientCrop.FindLeast(SaliencyMap.Uniform(40, 30, 0.3f), 8, 8));
    }

    [Fact]
    public void Non_positive_size_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SalientCrop.Find(SaliencyMap.Uniform(4, 4), 0, 3));
    }
}
