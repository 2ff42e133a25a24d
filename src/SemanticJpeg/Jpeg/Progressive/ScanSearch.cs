using SemanticJpeg.Jpeg.Components;

namespace SemanticJpeg.Jpeg.Progressive;

/// <summary>
/// Chooses the scan script, in the manner of mozjpeg's <c>optimize_scans</c>: every candidate scan is counted
/// with its own optimal Huffman table, and the cheapest combination is kept. The choices are independent per
/// component, because scans of different components share nothing but the file:
/// <list type="bullet">
/// <item>DC: one interleaved scan (T.81 A.2.3) of all components, point transform Al 0 or 1 (1 adds a raw-bit
/// refinement scan), chroma sharing one DC table or each having its own.</item>
/// <item>AC, per component: a successive-approximation depth d (0..3 for luma, 0..2 for chroma) and a partition
/// of the band 1..63 into first scans at Al = d, cut at any of the zig-zag positions 2, 5, 8, 12, 18 (a dynamic
/// programme over the 21 candidate bands), followed by refinement scans 1..63 from Al = d-1 down to 0.</item>
/// </list>
/// Cost of a candidate = its data bytes + SOS + DHT segment, so small images settle on few scans. Every script
/// this can choose is valid and complete by <see cref="ScanScriptValidator"/>.
/// The depth search stops at the first depth that is no better than the one before.
/// Work per component: one pass over the coefficients per depth tried (<see cref="BandStatistics"/> counts all
/// 21 bands at once) plus one per refinement scan, i.e. about 2d+3 passes for the depth d chosen.
/// </summary>
internal static class ScanSearch
{
    /// <summary>Band boundaries: a first scan covers (Cuts[i] + 1) .. Cuts[j].</summary>
    internal static readonly int[] Cuts = [0, 2, 5, 8, 12, 18, 63];

    internal const int MaxLumaDepth = 3;
    internal const int MaxChromaDepth = 2;

    public static ProgressivePlan Search(FrameLayout layout, QuantizedImage q, JpegWriterOptions options, int headerBytes)
    {
        int restart = options.RestartInterval;
        var (dcFirst, dcRefine) = ChooseDc(layout, q, restart);

        var firsts = new List<CodedScan>();
        var refines = new List<CodedScan>();
        for (int c = 0; c < layout.Components.Length; c++)
        {
            var (f, r) = ChooseAc(layout, q, c, c == 0 ? MaxLumaDepth : MaxChromaDepth, restart);
            firsts.AddRange(f);
            refines.AddRange(r);
        }
        return new ProgressivePlan(Arrange(dcFirst, dcRefine, firsts, refines, s => s.Scan), headerBytes);
    }

    /// <summary>
    /// File order of the chosen scans: DC, then the first AC scans with low frequencies of every component first,
    /// the DC refinement, then the AC refinements, most significant bit first. Every per-coefficient sequence
    /// stays Ah = previous Al (G.1.1.1.2) and every AC scan follows its component's DC.
    /// </summary>
    internal static List<T> Arrange<T>(T dcFirst, T? dcRefine, IEnumerable<T> firsts, IEnumerable<T> refines, Func<T, ScanSpec> spec)
    {
        var scans = new List<T> { dcFirst };
        scans.AddRange(firsts.OrderBy(s => spec(s).Ss).ThenBy(s => spec(s).Components[0]));
        if (dcRefine is not null) scans.Add(dcRefine);
        scans.AddRange(refines.OrderByDescending(s => spec(s).Ah).ThenBy(s => spec(s).Components[0]));
        return scans;
    }

    /// <summary>
    /// The script the search produces for one set of choices: DC point transform, and per component the depth d
    /// and the ends of its first bands (ascending, the last 63). Tests enumerate every choice through this.
    /// </summary>
    internal static List<ScanSpec> Compose(int componentCount, int dcAl, IReadOnlyList<(int Depth, int[] BandEnds)> ac)
    {
        int[] all = Enumerable.Range(0, componentCount).ToArray();
        var firsts = new List<ScanSpec>();
        var refines = new List<ScanSpec>();
        for (int c = 0; c < componentCount; c++)
        {
            var (d, ends) = ac[c];
            int start = 1;
            foreach (int end in ends)
            {
                firsts.Add(new ScanSpec([c], start, end, 0, d));
                start = end + 1;
            }
            for (int a = 0; a < d; a++) refines.Add(new ScanSpec([c], 1, 63, a + 1, a));
        }
        return Arrange(new ScanSpec(all, 0, 0, 0, dcAl), dcAl > 0 ? new ScanSpec(all, 0, 0, 1, 0) : null, firsts, refines, s => s);
    }

    private static (CodedScan First, CodedScan? Refine) ChooseDc(FrameLayout layout, QuantizedImage q, int restart)
    {
        int n = layout.Components.Length;
        int[] all = Enumerable.Range(0, n).ToArray();
        int[][] slotChoices = n == 1 ? [[0]] : [[0, 1, 1], [0, 1, 2]];
        CodedScan? best = null, bestRefine = null;
        double bestBytes = double.MaxValue;
        CodedScan? refine = null;
        for (int al = 0; al <= 1; al++)
        {
            if (al == 1) refine = CodedScan.Build(layout, q, new ScanSpec(all, 0, 0, 1, 0), new int[n], restart);
            foreach (var slots in slotChoices)
            {
                var first = CodedScan.Build(layout, q, new ScanSpec(all, 0, 0, 0, al), slots, restart);
                double bytes = first.Bytes + (al == 1 ? refine!.Bytes : 0);
                if (bytes < bestBytes)
                {
                    bestBytes = bytes;
                    best = first;
                    bestRefine = al == 1 ? refine : null;
                }
            }
        }
        return (best!, bestRefine);
    }

    private static (List<CodedScan> Firsts, List<CodedScan> Refines) ChooseAc(FrameLayout layout, QuantizedImage q, int c, int maxDepth, int restart)
    {
        int[] comp = [c];
        int[] slot0 = [0];
        var refines = new List<CodedScan>(maxDepth);

        int nCuts = Cuts.Length;
        List<CodedScan>? bestFirsts = null;
        int bestDepth = 0;
        double bestBytes = double.MaxValue, refineBytes = 0;
        for (int d = 0; d <= maxDepth; d++)
        {
            if (d > 0)
            {
                refines.Add(CodedScan.Build(layout, q, new ScanSpec(comp, 1, 63, d, d - 1), slot0, restart));
                refineBytes += refines[d - 1].Bytes;
            }
            if (refineBytes >= bestBytes) break; // refinements alone already cost more than the best so far
            // Dynamic programme over the cut points: best[j] = cheapest cover of 1..Cuts[j].
            var counts = BandStatistics.Count(q.Levels[c], q.Masks[c], layout.Components[c].BlocksWide,
                ScanGeometry.RealBlocksWide(layout, c), ScanGeometry.RealBlocksHigh(layout, c), d, restart, Cuts);
            var best = new double[nCuts];
            var from = new CodedScan?[nCuts];
            var prev = new int[nCuts];
            for (int j = 1; j < nCuts; j++)
            {
                best[j] = double.MaxValue;
                for (int i = 0; i < j; i++)
                {
                    var scan = CodedScan.FromCounts(layout, new ScanSpec(comp, Cuts[i] + 1, Cuts[j], 0, d), slot0, counts[i, j]);
                    double cost = best[i] + scan.Bytes;
                    if (cost < best[j]) { best[j] = cost; from[j] = scan; prev[j] = i; }
                }
            }
            double total = best[nCuts - 1] + refineBytes;
            if (total >= bestBytes) break; // the cost is unimodal in d on photos: one step worse, stop (halves the work)
            bestBytes = total;
            bestDepth = d;
            bestFirsts = [];
            for (int j = nCuts - 1; j > 0; j = prev[j]) bestFirsts.Add(from[j]!);
        }
        return (bestFirsts!, refines.Take(bestDepth).ToList());
    }
}
