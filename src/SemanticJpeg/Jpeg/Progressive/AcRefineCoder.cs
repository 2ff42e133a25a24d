using System.Numerics;
using SemanticJpeg.Jpeg.Components;

namespace SemanticJpeg.Jpeg.Progressive;

/// <summary>
/// AC successive-approximation refinement scan of one component (T.81 G.1.2.3), Ah = Al + 1. A coefficient whose
/// history is zero and whose bit Al is set ("newly non-zero", |x| >> Al == 1) is coded as run/1 plus one sign bit;
/// the runs count only coefficients that are still zero. Coefficients already non-zero get one correction bit
/// (bit Al of |x|), sent after the next symbol. Blocks with no newly non-zero coefficient left join an EOB run, and
/// their correction bits wait until the run's EOBn symbol (G.1.2.3, Figure G.7). ZRL is sent only when a newly
/// non-zero coefficient still follows in the block; otherwise the zeros fold into the EOB. The correction-bit
/// buffer is bounded as libjpeg's (937 bits pending force the run out), so decoders with small buffers cope.
/// </summary>
internal static class AcRefineCoder
{
    private const int MaxPendingBits = 1000 - 64 + 1; // libjpeg jcphuff.c MAX_CORR_BITS - DCTSIZE2 + 1

    public static void Code<TSink>(ref TSink sink, short[] levels, ulong[] masks, int stride, int blocksWide, int blocksHigh,
        int ss, int se, int al, int restart) where TSink : struct, IEntropySink
    {
        ulong band = AcFirstCoder.BandMask(ss, se);
        Span<byte> corrections = stackalloc byte[1000 + 64];
        int eobRun = 0, pending = 0, unit = 0; // pending: correction bits of the blocks in the EOB run
        for (int by = 0; by < blocksHigh; by++)
        {
            for (int bx = 0; bx < blocksWide; bx++, unit++)
            {
                if (restart > 0 && unit > 0 && unit % restart == 0)
                {
                    EmitEobRun(ref sink, ref eobRun, corrections, ref pending);
                    sink.Restart();
                }
                int b = by * stride + bx;
                int baseIndex = b * 64;
                ulong m = masks[b] & band;

                // Position of the last newly non-zero coefficient (the "EOB" of G.1.2.3's procedure).
                int eob = -1;
                for (ulong t = m; t != 0; t &= t - 1)
                {
                    int k = BitOperations.TrailingZeroCount(t);
                    int v = levels[baseIndex + k];
                    if (((v < 0 ? -v : v) >> al) == 1) eob = k;
                }

                int run = 0, prevAny = ss - 1;
                int blockStart = pending, blockBits = 0; // this block's correction bits sit at corrections[blockStart..]
                while (m != 0)
                {
                    int k = BitOperations.TrailingZeroCount(m);
                    m &= m - 1;
                    int v = levels[baseIndex + k];
                    int a = (v < 0 ? -v : v) >> al;
                    if (a == 0) continue;
                    run += k - prevAny - 1;
                    prevAny = k;
                    while (run > 15 && k <= eob)
                    {
                        EmitEobRun(ref sink, ref eobRun, corrections, ref pending);
                        sink.Symbol(0, 0xF0);
                        run -= 16;
                        EmitBits(ref sink, corrections.Slice(blockStart, blockBits));
                        blockStart = 0; blockBits = 0;
                    }
                    if (a > 1)
                    {
                        corrections[blockStart + blockBits++] = (byte)(a & 1);
                        continue;
                    }
                    EmitEobRun(ref sink, ref eobRun, corrections, ref pending);
                    sink.Symbol(0, (run << 4) | 1);
                    sink.Bits(v < 0 ? 0u : 1u, 1);
                    EmitBits(ref sink, corrections.Slice(blockStart, blockBits));
                    blockStart = 0; blockBits = 0;
                    run = 0;
                }
                run += se - prevAny;
                if (run > 0 || blockBits > 0)
                {
                    eobRun++;
                    pending = blockStart + blockBits;
                    if (eobRun == AcFirstCoder.MaxEobRun || pending > MaxPendingBits)
                        EmitEobRun(ref sink, ref eobRun, corrections, ref pending);
                }
            }
        }
        EmitEobRun(ref sink, ref eobRun, corrections, ref pending);
    }

    private static void EmitEobRun<TSink>(ref TSink sink, ref int eobRun, Span<byte> corrections, ref int pending)
        where TSink : struct, IEntropySink
    {
        if (eobRun == 0) return;
        AcFirstCoder.EmitEobRun(ref sink, ref eobRun);
        EmitBits(ref sink, corrections[..pending]);
        pending = 0;
    }

    private static void EmitBits<TSink>(ref TSink sink, ReadOnlySpan<byte> bits) where TSink : struct, IEntropySink
    {
        foreach (byte bit in bits) sink.Bits(bit, 1);
    }
}
