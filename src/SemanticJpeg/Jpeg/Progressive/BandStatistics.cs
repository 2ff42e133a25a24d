using System.Numerics;
using SemanticJpeg.Jpeg.Components;

namespace SemanticJpeg.Jpeg.Progressive;

/// <summary>
/// Symbol counts of every first AC scan (Ah = 0) over the bands (Cuts[i]+1 .. Cuts[j]) of one component at one
/// point transform, in one pass over the blocks instead of one pass per band. It gives exactly the counts
/// <see cref="AcFirstCoder"/> would (a test checks this), split into two parts:
/// <list type="bullet">
/// <item>Inside one segment (Cuts[g]+1 .. Cuts[g+1]), every non-zero coefficient but the segment's first in
/// the block is coded relative to the one before it in the same segment, whatever band the segment is part of:
/// these run/size symbols (G.1.2.2, with ZRL) are counted once per segment and shared by all bands.</item>
/// <item>Per band and block, only the first coefficient of each non-empty segment depends on the band (its run
/// starts at the band's start or the previous segment's last coefficient), and so do the EOB runs (Table G.1):
/// these are counted per band from each segment's first and last positions.</item>
/// </list>
/// </summary>
internal static class BandStatistics
{
    /// <summary>Counts indexed [i, j] for the band Cuts[i]+1 .. Cuts[j] (i &lt; j).</summary>
    public static CountingSink[,] Count(short[] levels, ulong[] masks, int stride, int blocksWide, int blocksHigh, int al, int restart, int[] cuts)
    {
        int segments = cuts.Length - 1;
        Span<int> segmentOf = stackalloc int[64];
        for (int g = 0; g < segments; g++)
            for (int k = cuts[g] + 1; k <= cuts[g + 1]; k++) segmentOf[k] = g;

        var segCounts = new long[segments][];
        var segExtra = new long[segments];
        for (int g = 0; g < segments; g++) segCounts[g] = new long[256];

        int bandCount = segments * (segments + 1) / 2;
        var bandFrom = new int[bandCount];
        var bandTo = new int[bandCount];
        var counts = new long[bandCount][];
        var extra = new long[bandCount];
        var eobRun = new int[bandCount];
        for (int i = 0, n = 0; i < segments; i++)
            for (int j = i + 1; j <= segments; j++, n++)
            {
                bandFrom[n] = i;
                bandTo[n] = j;
                counts[n] = new long[256];
            }

        Span<int> first = stackalloc int[segments];
        Span<int> firstSize = stackalloc int[segments];
        Span<int> last = stackalloc int[segments];
        int restarts = 0, unit = 0;
        for (int by = 0; by < blocksHigh; by++)
        {
            for (int bx = 0; bx < blocksWide; bx++, unit++)
            {
                if (restart > 0 && unit > 0 && unit % restart == 0)
                {
                    for (int n = 0; n < bandCount; n++) FlushEobRun(counts[n], ref extra[n], ref eobRun[n]);
                    restarts++;
                }
                int b = by * stride + bx;
                int baseIndex = b * 64;
                first.Fill(-1);
                ulong m = masks[b] & ~1UL;
                int current = -1;
                while (m != 0)
                {
                    int k = BitOperations.TrailingZeroCount(m);
                    m &= m - 1;
                    int v = levels[baseIndex + k];
                    int a = (v < 0 ? -v : v) >> al;
                    if (a == 0) continue;
                    int nb = 32 - BitOperations.LeadingZeroCount((uint)a);
                    int g = segmentOf[k];
                    if (g != current)
                    {
                        current = g;
                        first[g] = k;
                        firstSize[g] = nb;
                    }
                    else
                    {
                        var sc = segCounts[g];
                        int run = k - last[g] - 1;
                        while (run > 15) { sc[0xF0]++; run -= 16; }
                        sc[(run << 4) | nb]++;
                        segExtra[g] += nb;
                    }
                    last[g] = k;
                }

                for (int n = 0; n < bandCount; n++)
                {
                    int prev = cuts[bandFrom[n]];
                    var c = counts[n];
                    for (int g = bandFrom[n], end = bandTo[n]; g < end; g++)
                    {
                        if (first[g] < 0) continue;
                        if (eobRun[n] > 0) FlushEobRun(c, ref extra[n], ref eobRun[n]);
                        int run = first[g] - prev - 1;
                        while (run > 15) { c[0xF0]++; run -= 16; }
                        c[(run << 4) | firstSize[g]]++;
                        extra[n] += firstSize[g];
                        prev = last[g];
                    }
                    if (prev < cuts[bandTo[n]] && ++eobRun[n] == AcFirstCoder.MaxEobRun) FlushEobRun(c, ref extra[n], ref eobRun[n]);
                }
            }
        }

        var result = new CountingSink[segments + 1, segments + 1];
        for (int n = 0; n < bandCount; n++)
        {
            FlushEobRun(counts[n], ref extra[n], ref eobRun[n]);
            var sink = new CountingSink { Counts = [counts[n]], ExtraBits = extra[n], Restarts = restarts };
            for (int g = bandFrom[n]; g < bandTo[n]; g++)
            {
                var sc = segCounts[g];
                for (int s = 0; s < 256; s++) counts[n][s] += sc[s];
                sink.ExtraBits += segExtra[g];
            }
            result[bandFrom[n], bandTo[n]] = sink;
        }
        return result;
    }

    private static void FlushEobRun(long[] counts, ref long extra, ref int eobRun)
    {
        if (eobRun == 0) return;
        int n = 31 - BitOperations.LeadingZeroCount((uint)eobRun);
        counts[n << 4]++;
        extra += n;
        eobRun = 0;
    }
}
