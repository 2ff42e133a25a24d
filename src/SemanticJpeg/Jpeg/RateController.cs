using SemanticJpeg.Jpeg.Components;

namespace SemanticJpeg.Jpeg;

/// <summary>
/// EncodeToSize: searches one global parameter x (the log of the salient blocks' libjpeg scale) whose
/// importance-to-quality mapping lands the file just under the target. Each step re-quantises the stored DCT
/// coefficients and sizes the file from symbol statistics; only accepted candidates are written.
/// </summary>
/// <remarks>
/// The mapping (all in log-scale units, larger = coarser, see <see cref="Map"/>):
/// <code>
///   salient    Ls = clamp(x, Lmin, Lmax)
///   background Lb = clamp(x + ln(spread), Lmin, max(Lfloor, x))
/// </code>
/// So over the whole range of x the file shrinks monotonically: first (huge targets) the salient blocks sit at
/// Q100 while the background climbs towards them; in the middle both move together, the background `spread`
/// times coarser; when the background reaches the floor (Q10 by default) it stays there while the salient
/// region gives up quality, until at Lfloor both are equal and then sink together, past Q1 by widening the
/// dead zone further (tables stay clamped at 255).
/// A fixed spread rather than a second searched parameter keeps the search one-dimensional (monotone, so
/// a bracketed secant converges in a handful of steps) and makes the result predictable: the same map at
/// a different target shifts both regions together.
/// </remarks>
internal sealed class RateController
{
    private const double Window = 0.99;      // accept [0.99 T, T]
    private const double Aim = 0.995;        // aim the estimate at the middle of the window
    private const double Tolerance = 0.0025; // estimates within this relative distance of the aim are good enough
    private const int MaxEvaluations = 24;
    private const int MaxWrites = 5;

    private readonly RegionQualityEncoder _encoder;
    private readonly double _spreadLog;
    private readonly double _minLog = Math.Log(QuantizationTables.MinScale);
    private readonly double _maxLog = Math.Log(QuantizationTables.MaxScale * 64); // far past Q1: almost only DC left
    private readonly double _floorLog;
    private readonly QuantizedImage _quantized;
    private readonly SymbolStatistics _stats = new();
    private int _evaluations;

    public RateController(RegionQualityEncoder encoder)
    {
        _encoder = encoder;
        _spreadLog = Math.Log(encoder.Options.RegionSpread);
        _floorLog = Math.Log(QuantizationTables.QualityToScale(Math.Clamp(encoder.Options.BackgroundQualityFloor, 1, 100)));
        _quantized = new QuantizedImage(encoder.Layout);
    }

    private double LowestX => _minLog - _spreadLog; // everything at Q100
    private double HighestX => _maxLog;

    /// <summary>(salient, background) libjpeg scales for search parameter x.</summary>
    internal (double Salient, double Background) Map(double x)
    {
        double ls = Math.Clamp(x, _minLog, _maxLog);
        double lb = Math.Clamp(x + _spreadLog, _minLog, Math.Max(_floorLog, x));
        lb = Math.Min(lb, _maxLog);
        return (Math.Exp(ls), Math.Exp(lb));
    }

    public JpegEncodeResult Run(long target)
    {
        double stuffing = 0.004; // 0xFF bytes in Huffman data are ~1/250; learnt from each real write below
        double aim = target * Aim;
        double lo = LowestX, hi = HighestX;      // bracket: size(lo) >= aim >= size(hi) once both are known
        double fLo = double.NaN, fHi = double.NaN;
        double x = Math.Log(50);                 // start at salient Q75
        JpegEncodeResult? best = null;
        double bestUnderX = double.NaN, bestUnderEst = 0; // largest estimate seen that was under the aim
        int writes = 0;

        while (_evaluations < MaxEvaluations)
        {
            double est = Evaluate(x, stuffing);
            double f = Math.Log(est / aim);
            if (f <= 0 && est > bestUnderEst) { bestUnderEst = est; bestUnderX = x; }
            bool close = Math.Abs(f) <= Tolerance;
            bool atEnd = (x <= LowestX && f < 0) || (x >= HighestX && f > 0);
            if (close || atEnd || hi - lo < 1e-4)
            {
                var plan = PlanFor(x);
                var data = _encoder.Write(plan, _quantized, _stats);
                writes++;
                var result = Describe(plan, data, target, x);
                if (data.Length <= target && (best is null || data.Length > best.Data.Length)) best = result;
                if (data.Length <= target && data.Length >= Window * target) return result;
                if (atEnd && ((x <= LowestX && data.Length <= target) || x >= HighestX)) return best ?? result;
                if (writes >= MaxWrites) return best ?? result;
                // Learn the stuffing and padding the estimate could not see, then search again for the corrected aim.
                stuffing = Math.Max(0, stuffing + (data.Length - est) / Math.Max(1.0, est));
                f = Math.Log(data.Length / aim);
                if (Math.Abs(f) <= Tolerance) aim *= Math.Exp(-f); // sizes jump here: nudge the aim itself
            }

            if (f > 0) { lo = x; fLo = f; } else { hi = x; fHi = f; }
            x = NextX(x, f, lo, fLo, hi, fHi);
        }

        // Out of evaluations (sizes that jump around the window): the best real file under the target, else the
        // largest candidate estimated under it, else the smallest file there is.
        if (best is not null) return best;
        double fallback = double.IsNaN(bestUnderX) ? HighestX : bestUnderX;
        var last = PlanFor(fallback);
        Quantize(last);
        return Describe(last, _encoder.Write(last, _quantized, _stats), target, fallback);
    }

    private static double NextX(double x, double f, double lo, double fLo, double hi, double fHi)
    {
        double next;
        if (!double.IsNaN(fLo) && !double.IsNaN(fHi))
        {
            // Regula falsi in (x, log size), which is close to linear; keep away from the bracket ends.
            next = lo + (hi - lo) * fLo / (fLo - fHi);
            double margin = 0.05 * (hi - lo);
            next = Math.Clamp(next, lo + margin, hi - margin);
        }
        else
        {
            // One side unknown: log size falls by roughly 0.8 per unit of log scale; overshoot a little to bracket.
            next = x + f / 0.8 * 1.15;
            next = Math.Clamp(next, lo, hi);
            if (next == x) next = f > 0 ? hi : lo;
        }
        return next;
    }

    private QuantPlan PlanFor(double x)
    {
        var (s, b) = Map(x);
        return QuantPlan.Create(s, b);
    }

    private void Quantize(QuantPlan plan) => _encoder.Quantize(plan, _encoder.Options.Trellis, _quantized, _stats);

    private double Evaluate(double x, double stuffing)
    {
        _evaluations++;
        Quantize(PlanFor(x));
        return _encoder.EstimateBytes(_stats, stuffing);
    }

    private JpegEncodeResult Describe(QuantPlan plan, byte[] data, long target, double x) => new(
        data,
        QuantizationTables.ScaleToQuality(plan.FileScale),
        QuantizationTables.ScaleToQuality(plan.SalientScale),
        QuantizationTables.ScaleToQuality(plan.BackgroundScale),
        _evaluations,
        data.Length <= target && data.Length >= Window * target);
}
