using SemanticJpeg.Jpeg.Components;

namespace SemanticJpeg.Jpeg.Progressive;

/// <summary>
/// Progressive sizes for one rate-control run (not thread-safe; one per run). The scan search costs ~150 passes
/// over the coefficients, a fixed script ~10, and the best script barely changes while the quantisation moves a
/// little. So the first whole-image evaluation searches; later ones re-count that script, and search again only
/// when the size has moved by more than <see cref="ResearchFactor"/> since. The file is written with the script the
/// last estimate used, so estimate and file agree up to the 0xFF stuffing, which the controller learns.
/// Both follow <see cref="BaselineFallback"/>: where baseline is smaller, the estimate is the baseline one and
/// the file is baseline.
/// </summary>
internal sealed class ProgressiveRateModel(FrameLayout layout, JpegWriterOptions options)
{
    private const double ResearchFactor = 1.25;

    private List<ScanSpec>? _script;
    private object? _lastKey;          // the quantisation the last estimate counted ...
    private ProgressivePlan? _lastPlan; // ... and its plan, which a write of the same quantisation re-uses
    private bool _separateChromaDc;
    private double _searchedAt;

    public int Searches { get; private set; }

    /// <summary>
    /// Size of the file <see cref="Write"/> would give for these coefficients (every row quantised).
    /// <paramref name="key"/> identifies the quantisation (the controller's QuantPlan): re-quantising with the
    /// same key gives the same coefficients, so a write with that key needs no new count.
    /// </summary>
    public double EstimateBytes(object key, QuantizedImage q, double baselineEstimate, double stuffingRate)
    {
        var plan = PlanFor(q);
        double bytes = plan.EstimateBytes(stuffingRate);
        if (Math.Abs(Math.Log(bytes / _searchedAt)) > Math.Log(ResearchFactor))
        {
            plan = Search(q);
            bytes = plan.EstimateBytes(stuffingRate);
        }
        (_lastKey, _lastPlan) = (key, plan);
        return BaselineFallback.UseBaseline(bytes, baselineEstimate) ? baselineEstimate : bytes;
    }

    /// <summary>The progressive file with the current script, or <paramref name="baseline"/>'s file where that is smaller.</summary>
    public byte[] Write(object key, ushort[][] tables, QuantizedImage q, Func<byte[]> baseline)
    {
        var plan = ReferenceEquals(key, _lastKey) && _lastPlan is not null ? _lastPlan : PlanFor(q);
        return BaselineFallback.Choose(ProgressiveJpegWriter.Write(layout, tables, q, options, plan), baseline);
    }

    private ProgressivePlan PlanFor(QuantizedImage q) =>
        _script is null ? Search(q) : ProgressiveJpegWriter.PlanFor(layout, q, options, _script, _separateChromaDc);

    private ProgressivePlan Search(QuantizedImage q)
    {
        var plan = ProgressiveJpegWriter.Plan(layout, q, options);
        _script = plan.Script.ToList();
        _separateChromaDc = plan.Scans[0].Tables.Length > 2;
        _searchedAt = plan.EstimateBytes();
        Searches++;
        return plan;
    }
}
