using SemanticJpeg.Jpeg.Components;
using Xunit;

namespace SemanticJpeg.Tests.Jpeg;

public class BitWriterTests
{
    [Fact]
    public void Stuffs_a_zero_after_every_ff_and_pads_with_ones()
    {
        var w = new BitWriter(16);
        w.PutBits(0xFF, 8);
        w.PutBits(0x12, 8);
        w.PutBits(0x3FF, 10); // 11111111 11 -> FF 00, then 11 + pad 111111 -> FF 00
        w.FlushBits();
        Assert.Equal(new byte[] { 0xFF, 0x00, 0x12, 0xFF, 0x00, 0xFF, 0x00 }, w.ToArray());
    }

    [Fact]
    public void Random_bit_strings_round_trip_through_unstuffing()
    {
        var rng = new Random(99);
        var w = new BitWriter(16);
        var expected = new List<bool>();
        for (int i = 0; i < 5000; i++)
        {
            int n = rng.Next(0, 33);
            uint v = (uint)rng.NextInt64(0, 1L << 32);
            if (rng.Next(4) == 0) v = uint.MaxValue; // plenty of 0xFF bytes
            w.PutBits(v, n);
            for (int b = n - 1; b >= 0; b--) expected.Add(((v >> b) & 1) != 0);
        }
        w.FlushBits();
        var bytes = w.ToArray();
        var bits = new List<bool>();
        for (int i = 0; i < bytes.Length; i++)
        {
            for (int b = 7; b >= 0; b--) bits.Add(((bytes[i] >> b) & 1) != 0);
            if (bytes[i] == 0xFF)
            {
                Assert.Equal(0, bytes[i + 1]);
                i++;
            }
        }
        Assert.Equal(expected, bits.Take(expected.Count));
        Assert.All(bits.Skip(expected.Count), Assert.True); // padding is 1 bits
        Assert.True(bits.Count - expected.Count < 8);
    }
}
