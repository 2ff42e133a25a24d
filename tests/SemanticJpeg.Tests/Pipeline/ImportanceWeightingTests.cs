using SemanticJpeg.Pipeline;
using SemanticJpeg.Saliency;
using Xunit;

namespace SemanticJpeg.Tests.Pipeline;

public sealed class ImportanceWeightingTests
{
    [Theory]
    [InlineData(0.125, 3.0)]
    [InlineData(1.0, 1.4142135623730951)]
    [InlineData(1.0 / 32, 5.744562646538029)]
    public void Spread_is_the_step_ratio_of_pure_background_to_pure_subject(double weight, double spread) =>
        Assert.Equal(spread, ImportanceWeighting.Spread(weight), 9);

    [Fact]
    public void Blocks_sit_on_the_inverse_square_root_curve()
    {
        // One 8x8 block per saliency level: 0, 0.25, 0.5, 1.
        var values = new float[32 * 8];
        float[] levels = [0f, 0.25f, 0.5f, 1f];
        for (int y = 0; y < 8; y++)
            for (int x = 0; x < 32; x++)
                values[y * 32 + x] = levels[x / 8];
        var importance = ImportanceWeighting.Importance(new SaliencyMap(32, 8, values), 0.125);

        double spread = ImportanceWeighting.Spread(0.125);
        for (int b = 0; b < 4; b++)
        {
            // The writer's step is spread^(1 - importance) times the subject's; it must equal sqrt((1+e)/(s+e)).
            double step = Math.Pow(spread, 1 - importance[b, 0]);
            Assert.Equal(Math.Sqrt(1.125 / (levels[b] + 0.125)), step, 5);
        }
        Assert.Equal(0f, importance[0, 0], 6);
        Assert.Equal(1f, importance[3, 0], 6);
        // With e = 1/8 a quarter-salient block already sits halfway (in log step) between background
        // and subject: its step is sqrt(3) times the subject's, not 2.5 as a linear map would give.
        Assert.Equal(0.5f, importance[1, 0], 4);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void Invalid_background_weights_are_refused(double weight)
    {
        var e = Assert.Throws<SemanticJpegException>(() => ImportanceWeighting.Spread(weight));
        Assert.Equal(SemanticJpegErrorCode.InvalidArgument, e.Code);
    }
}
