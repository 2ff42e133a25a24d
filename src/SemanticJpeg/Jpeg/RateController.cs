using SemanticJpeg.Jpeg.Components;

namespace SemanticJpeg.Jpeg;

/// <summary>
/// EncodeToSize: searches one global parameter x (the log of the salient blocks' libjpeg scale) whose
/// importance-to-quality mapping lands the file just under the target. Each step re-quantises the stored DCT
/// coefficients and sizes the file from symbol statistics; only candidates that look right are written.
/// </summary>
/// <remarks>
/// The mapping (all in log-scale units, larger = coarser, see <see cref="Map"/>):
/// <code>
///   salient    Ls = clamp(x, Lmin, Lmax)
///   background Lb = clamp(x + ln(spread), Lmin, max(Lfloor, x))
/// </code>
/// Over the whole range of x the file shrinks monotonically: for huge targets the salient blocks sit at
/// Q100 while the background climbs towards them; in the middle both move together, the background `spread`
/// times coarser; when the background reaches the floor (nominal Q5 by default) it stays there while the salient
/// region gives up quality, until both are equal and then sink together, past Q1 by widening the dead zone
/// further (the tables stay clamped at 255).
/// A fixed spread rather than a second searched parameter keeps the search one-dimensional (monotone, so
/// a bracketed secant converges in a handful of steps) and makes results predictable: the same map at a
/// different target shifts both regions together.
/// Tables are integers, so near high qualities one table step can move the size by more than the 1 % window.
/// When the bracket closes on such a jump, a second search keeps the finer side's tables and moves only the
/// block scales (dead zone / trellis strength), which changes the size almost continuously.
/// </remarks>
internal sealed class RateController
{
    private const double Window = 0.99;      // accept [0.99 T, T]
    private const double AimFraction = 0.995; // aim the estimate at the middle of the window
    private const double Tolerance = 0.003;  // estimates within this relative distance of the aim get written
    private const int MaxFullEvaluations = 14;   // whole-image counts
    private const int MaxSampledEvaluations = 40; // quarter-image counts
    private const double JumpWidth = 0.002;       // a bracket this narrow (0.2 % in scale) straddles a table step
    private const int MaxWrites = 6;

    private readonly RegionQualityEncoder _encoder;
    private readonly double _spreadLog;
    private readonly double _minLog = Math.Log(QuantizationTables.MinScale);
    private readonly double _maxLog = Math.Log(QuantizationTables.MaxScale * 64); // far past Q1: almost only DC left
    private readonly double _floorLog;
    private readonly QuantizedImage _quantized;
    private readonly SymbolStatistics _stats = new();
    private readonly long _target;
    private double _aim;
    private double _stuffing = 0.004; // 0x00 after 0xFF data bytes: ~1/250 of Huffman data; learnt from real writes
    private int _evaluations, _fullEvaluations;
    private int _writes;
    private JpegEncodeResult? _best;   // largest real file within the target
    private readonly Progressive.ProgressiveRateModel? _progressive; // progressive output: sizes and writes that file

    public RateController(RegionQualityEncoder encoder, long target)
    {
        _encoder = encoder;
        _target = target;
        _aim = target * AimFraction;
        _spreadLog = Math.Log(encoder.Options.RegionSpread);
        _floorLog = Math.Log(QuantizationTables.QualityToScale(Math.Clamp(encoder.Options.BackgroundQualityFloor, 1, 100)));
        _quantized = new QuantizedImage(encoder.Layout);
        if (encoder.Options.Progressive) _progressive = new Progressive.ProgressiveRateModel(encoder.Layout, encoder.Options);
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

    private QuantPlan Plan(double x, double? fileScale = null)
    {
        var (s, b) = Map(x);
        return QuantPlan.Create(s, b, fileScale, _encoder.Options.ImportanceExponent);
    }

    public JpegEncodeResult Run()
    {
        try
        {
            return RunSearch();
        }
        finally
        {
            _quantized.Dispose();
        }
    }

    private JpegEncodeResult RunSearch()
    {
        // Stage 1: tables follow x.
        var (done, lo, hi) = Search(x => Plan(x), LowestX, HighestX, Math.Log(50));
        if (done is not null) return done;

        // Stage 2: the bracket closed on a jump of the tables; keep the finer side's tables (at lo) and coarsen blocks.
        if (hi - lo < 0.05 && lo > LowestX && _fullEvaluations < MaxFullEvaluations)
        {
            double fileScale = Plan(lo).FileScale;
            (done, _, _) = Search(y => Plan(y, fileScale), lo, lo + 1.5, lo + 0.3 * (hi - lo + 0.1));
            if (done is not null) return done;
        }
        return Fallback(hi);
    }

    /// <summary>
    /// Bracketed secant on log(size) over [lo, hi]; returns an accepted file or the final bracket.
    /// On images of 16 MCU rows or more, the steps count only every 4th MCU row (a quarter of the work). A
    /// whole-image count is made only when the sampled estimate says "close". It checks the candidate and
    /// recalibrates the sample's bias, so a typical search makes 2 full counts and a few sampled ones.
    /// </summary>
    private (JpegEncodeResult? Done, double Lo, double Hi) Search(Func<double, QuantPlan> planFor, double lo, double hi, double x)
    {
        double fLo = double.NaN, fHi = double.NaN;
        double fullLo = lo, fullHi = hi, fFullLo = double.NaN, fFullHi = double.NaN; // bracket by whole-image counts
        int rowStep = _encoder.Layout.McusHigh >= 16 ? 4 : 1;
        int fullChecks = 0;
        double bias = 1; // sampled estimate / full estimate, measured at each full count
        double prevX = double.NaN, prevF = double.NaN;
        x = Math.Clamp(x, lo, hi);
        while (_fullEvaluations < MaxFullEvaluations && _evaluations - _fullEvaluations < MaxSampledEvaluations && _writes < MaxWrites)
        {
            var plan = planFor(x);
            double est = Evaluate(plan, rowStep);
            double f = Math.Log(est / (_aim * bias));
            bool atEnd = (x <= lo && f < 0 && double.IsNaN(fLo)) || (x >= hi && f > 0 && double.IsNaN(fHi));
            // A sample carries a bias (a few %) until the first full count has measured it; be generous before.
            double tolerance = rowStep == 1 ? Tolerance : bias == 1 ? 0.02 : 2 * Tolerance;
            bool close = Math.Abs(f) <= tolerance || atEnd;
            if (close && rowStep > 1)
            {
                double full = Evaluate(plan, 1);
                bias = est / full;
                est = full;
                f = Math.Log(est / _aim);
                atEnd = (x <= lo && f < 0 && double.IsNaN(fLo)) || (x >= hi && f > 0 && double.IsNaN(fHi));
                close = Math.Abs(f) <= Tolerance || atEnd;
                if (f > 0) { fullLo = x; fFullLo = f; } else { fullHi = x; fFullHi = f; }
                if (!close)
                {
                    // The sample was off by more than the window. Go back to what whole-image counts have
                    // established. Near a table step the sample's bias flips from side to side, so after two
                    // misses, count whole images only.
                    lo = fullLo; hi = fullHi; fLo = fFullLo; fHi = fFullHi;
                    if (++fullChecks >= 2) { rowStep = 1; bias = 1; }
                    prevX = prevF = double.NaN;
                    if (hi - lo < JumpWidth && !double.IsNaN(fLo) && !double.IsNaN(fHi)) break;
                    x = NextX(x, f, lo, fLo, hi, fHi);
                    continue;
                }
            }
            if (close)
            {
                bool atLow = x <= lo && f < 0, atHigh = x >= hi && f > 0;
                var written = Write(plan, est);
                if (Accepted(written)) return (written, lo, hi);
                if (atHigh && written.Data.Length > _target) return (_best ?? written, lo, hi); // unreachable: smallest file
                if (atLow && written.Data.Length <= _target) return (written, lo, hi);           // target above Q100's size
                f = Math.Log(written.Data.Length / _aim);
                if (Math.Abs(f) <= Tolerance) _aim *= Math.Exp(-f);
            }
            if (f > 0) { lo = x; fLo = f; } else { hi = x; fHi = f; }
            if (hi - lo < JumpWidth && !double.IsNaN(fLo) && !double.IsNaN(fHi)) break;
            // Slope of log size per unit of x from the last two points, when they are comparable (same counting).
            double slope = !double.IsNaN(prevF) && Math.Abs(x - prevX) > 1e-6 ? (f - prevF) / (x - prevX) : double.NaN;
            prevX = x; prevF = f;
            x = NextX(x, f, lo, fLo, hi, fHi, slope);
        }
        return (null, lo, hi);
    }

    private static double NextX(double x, double f, double lo, double fLo, double hi, double fHi, double slope = double.NaN)
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
            // One side unknown: step by the measured slope (else log size falls by roughly 0.8 per unit of log
            // scale); overshoot a little to bracket. In stage 2 the slope is far flatter than 0.8.
            double fall = slope < -1e-3 ? -slope : 0.8;
            next = Math.Clamp(x + f / fall * 1.15, lo, hi);
            if (next == x) next = f > 0 ? hi : lo;
        }
        return next;
    }

    /// <summary>Out of evaluations: the best real file within the target, else step coarser until one fits.</summary>
    private JpegEncodeResult Fallback(double x)
    {
        if (_best is not null) return _best;
        for (int i = 0; i < 12 && x < HighestX; i++)
        {
            var plan = Plan(x);
            var written = Write(plan, Evaluate(plan));
            if (written.Data.Length <= _target) return written;
            x = Math.Min(HighestX, x + 0.1 * (i + 1));
        }
        var smallest = Plan(HighestX);
        return Write(smallest, Evaluate(smallest));
    }

    private bool Accepted(JpegEncodeResult r) => r.Data.Length <= _target && r.Data.Length >= Window * _target;

    private double Evaluate(QuantPlan plan, int rowStep = 1)
    {
        _evaluations++;
        if (rowStep == 1) _fullEvaluations++;
        _encoder.Quantize(plan, _encoder.Options.Trellis, _quantized, _stats, rowStep);
        // Progressive: whole-image counts size the progressive file itself; sampled ones stay baseline estimates,
        // whose bias against the whole-image count the search measures anyway.
        if (rowStep == 1 && _progressive is not null) return _progressive.EstimateBytes(plan, _quantized, _encoder.EstimateBytes(_stats, _stuffing), _stuffing);
        return _encoder.EstimateBytes(_stats, _stuffing);
    }

    /// <summary>Writes the plan just evaluated; learns the estimate's error (stuffing, restart padding).</summary>
    private JpegEncodeResult Write(QuantPlan plan, double estimate)
    {
        _writes++;
        var data = _progressive is null
            ? _encoder.Write(plan, _quantized, _stats)
            : _progressive.Write(plan, plan.Tables, _quantized, () => _encoder.WriteBaseline(plan, _quantized, _stats));
        _stuffing = Math.Max(0, _stuffing + (data.Length - estimate) / Math.Max(1.0, estimate));
        var result = new JpegEncodeResult(
            data,
            QuantizationTables.ScaleToQuality(plan.FileScale),
            QuantizationTables.ScaleToQuality(Math.Max(plan.SalientScale, plan.FileScale)),
            QuantizationTables.ScaleToQuality(plan.BackgroundScale),
            _evaluations,
            Accepted(data.Length));
        if (data.Length <= _target && (_best is null || data.Length > _best.Data.Length)) _best = result;
        return result;
    }

    private bool Accepted(long length) => length <= _target && length >= Window * _target;
}
