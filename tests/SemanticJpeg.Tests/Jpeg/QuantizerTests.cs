using SemanticJpeg.Jpeg.Components;
using Xunit;

namespace SemanticJpeg.Tests.Jpeg;

public class QuantizerTests
{
    [Fact]
    public void Simd_and_scalar_agree_and_match_rounding_with_threshold()
    {
        var rng = new Random(5);
        var coef = new float[64];
        var recip = new float[64];
        var thr = new float[64];
        var a = new short[64];
        var b = new short[64];
        for (int trial = 0; trial < 500; trial++)
        {
            for (int k = 0; k < 64; k++)
            {
                coef[k] = (float)((rng.NextDouble() - 0.5) * (trial % 10 == 0 ? 100000 : 2000));
                recip[k] = (float)(1.0 / (1 + rng.Next(100)) / 8);
                thr[k] = k == 0 ? 0 : (float)(0.5 + rng.NextDouble() * 3);
            }
            ulong ma = Quantizer.Quantize(coef, recip, thr, a, allowSimd: true);
            ulong mb = Quantizer.QuantizeScalar(coef, recip, thr, b);
            Assert.Equal(b, a);
            Assert.Equal(mb, ma);
            for (int k = 0; k < 64; k++)
            {
                double x = coef[k] * recip[k];
                int expected = Math.Abs(x) < thr[k] ? 0 : (int)Math.Round(x, MidpointRounding.AwayFromZero);
                if (k > 0) expected = Math.Clamp(expected, -Quantizer.MaxAc, Quantizer.MaxAc);
                Assert.Equal(expected, b[k]);
                Assert.Equal(b[k] != 0, ((mb >> k) & 1) != 0);
            }
        }
    }
}
