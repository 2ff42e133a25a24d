using SemanticJpeg.Jpeg;
using SemanticJpeg.Jpeg.Components;
using SemanticJpeg.Tests.TestSupport;
using Xunit;

namespace SemanticJpeg.Tests.Jpeg;

public class CoefficientStoreTests
{
    [Fact]
    public void Stores_every_blocks_DCT_in_zigzag_order_once()
    {
        var image = SampleImages.Synthetic(40, 24, seed: 3, noise: 10);
        var layout = new FrameLayout(image.Width, image.Height, grey: false, ChromaSubsampling.Yuv420);
        using var store = CoefficientStore.Transform(image, layout, simd: true);

        // The luma block at (1, 2) transformed on its own equals the stored one.
        var planes = ColorConverter.RgbToPlanes(image, layout.PaddedWidth, layout.PaddedHeight);
        Span<float> block = stackalloc float[64];
        int bx = 1, by = 2, stride = planes[0].Width;
        for (int y = 0; y < 8; y++)
            for (int x = 0; x < 8; x++)
                block[y * 8 + x] = planes[0].Data[(by * 8 + y) * stride + bx * 8 + x];
        FloatDct.Forward(block, true);
        int b = by * layout.Components[0].BlocksWide + bx;
        for (int k = 0; k < 64; k++)
            Assert.Equal(block[ZigZag.ToNatural[k]], store.Coefficients[0][b * 64 + k], 3);
        Assert.Equal(3, store.Coefficients.Length);
        foreach (var p in planes) p.Return();
    }

    [Fact]
    public void Dispose_hands_the_memory_back_and_the_encoder_refuses_work_afterwards()
    {
        var image = SampleImages.Synthetic(32, 32, seed: 1, noise: 5);
        var encoder = new RegionQualityEncoder(image, BlockImportance.Uniform(32, 32), new JpegWriterOptions());
        encoder.Dispose();
        Assert.Throws<ObjectDisposedException>(() => encoder.EncodeUniform(75));
    }
}
