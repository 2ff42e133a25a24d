using System.Numerics;
using SemanticJpeg.Jpeg.Components;

namespace SemanticJpeg.Jpeg.Progressive;

/// <summary>
/// First AC scan of one component over the band Ss..Se with point transform Al (T.81 G.1.2.2): each coefficient is
/// sent as sign and |x| >> Al, run/size symbols as in baseline (F.1.2.2) with ZRL, and runs of blocks that have
/// nothing left in the band are merged into one EOBn symbol (G.1.2.2, Table G.1): EOBn = n &lt;&lt; 4 followed by n
/// raw bits, for runs of 2^n .. 2^(n+1)-1 blocks, at most 32767. The walk covers the component's own block grid
/// (A.2.2, non-interleaved); an EOB run is closed before every restart marker and at the end of the scan.
/// </summary>
internal static class AcFirstCoder
{
    public const int MaxEobRun = 0x7FFF;

    public static void Code<TSink>(ref TSink sink, short[] levels, ulong[] masks, int stride, int blocksWide, int blocksHigh,
        int ss, int se, int al, int restart) where TSink : struct, IEntropySink
    {
        ulong band = BandMask(ss, se);
        int eobRun = 0, unit = 0;
        for (int by = 0; by < blocksHigh; by++)
        {
            for (int bx = 0; bx < blocksWide; bx++, unit++)
            {
                if (restart > 0 && unit > 0 && unit % restart == 0)
                {
                    EmitEobRun(ref sink, ref eobRun);
                    sink.Restart();
                }
                int b = by * stride + bx;
                ulong m = masks[b] & band;
                int prev = ss - 1;
                int baseIndex = b * 64;
                while (m != 0)
                {
                    int k = BitOperations.TrailingZeroCount(m);
                    m &= m - 1;
                    int v = levels[baseIndex + k];
                    int a = (v < 0 ? -v : v) >> al;
                    if (a == 0) continue; // below this scan's precision: still zero for the decoder
                    EmitEobRun(ref sink, ref eobRun);
                    int run = k - prev - 1;
                    while (run > 15) { sink.Symbol(0, 0xF0); run -= 16; }
                    int nb = ScanEncoder.BitLength(a);
                    sink.Symbol(0, (run << 4) | nb);
                    sink.Bits((uint)((v < 0 ? ~a : a) & ((1 << nb) - 1)), nb);
                    prev = k;
                }
                if (prev < se && ++eobRun == MaxEobRun) EmitEobRun(ref sink, ref eobRun);
            }
        }
        EmitEobRun(ref sink, ref eobRun);
    }

    /// <summary>Bits ss..se set.</summary>
    public static ulong BandMask(int ss, int se) => (se == 63 ? ulong.MaxValue : (1UL << (se + 1)) - 1) & ~((1UL << ss) - 1);

    /// <summary>EOBn symbol of Table G.1 for a pending run, then its n low bits.</summary>
    public static void EmitEobRun<TSink>(ref TSink sink, ref int eobRun) where TSink : struct, IEntropySink
    {
        if (eobRun == 0) return;
        int n = ScanEncoder.BitLength(eobRun) - 1;
        sink.Symbol(0, n << 4);
        if (n > 0) sink.Bits((uint)eobRun & ((1u << n) - 1), n);
        eobRun = 0;
    }
}
