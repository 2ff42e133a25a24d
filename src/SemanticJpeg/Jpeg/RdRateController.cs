using SemanticJpeg.Jpeg.Components;

namespace SemanticJpeg.Jpeg;

/// <summary>
/// Rate control of the RD writer. Inner search: the table scale (lambda follows it, <see cref="RdPlan"/>) that
/// lands the file in [99 %, 100 %] of the target for a given strength. Outer search (automatic strength): the
/// largest strength k (w_b = 1 + k p_b) whose file, at the target size, has a whole-image squared error no
/// larger than a given reference (the standard JPEG's): the RD gain is spent on the subject until the picture
/// as a whole is exactly as good as the standard file.
/// </summary>
/// <remarks>
/// <para>
/// Why the reference constraint is the principle: minimising the priority-weighted error subject to a rate and
/// a whole-image error bound has the Lagrangian <c>sum_b (p_b + mu) D_b + lambda R</c>; mu is the multiplier of the
/// global bound and 1/mu is k. So the default strength is not a tuned constant but the one that makes the bound
/// hold with equality, per image.
/// </para>
/// <para>
/// Each evaluation re-quantises the stored coefficients and counts symbols; the code lengths it prices bits with
/// are the optimal tables of the previous evaluation (starting from Annex K), so the trellis and the Huffman
/// tables improve together over the search, and the file is written with tables optimal for its own levels.
/// Evaluations of the outer search count every 4th MCU row (on images of 16 rows or more).
/// </para>
/// </remarks>
internal sealed class RdRateController : IDisposable
{
    private const double Window = 0.99;
    private const double Aim = 0.995;
    private const double Tolerance = 0.003;
    private const double SampledTolerance = 0.04;

    /// <summary>
    /// -d log D / d log R near the target, to carry a distortion measured slightly off the target size to the
    /// target: PSNR rises about 6 dB per doubling of the rate in this range, i.e. D goes as R^-2.
    /// </summary>
    private const double DistortionSlope = 2.0;
    private const int MaxInner = 16;
    private const int MaxOuter = 10;

    /// <summary>Strengths searched for the automatic mode: w_b up to 1 + 64 (background weight 1/65 of the subject).</summary>
    public const double MaxStrength = 64;

    /// <summary>The outer search aims this fraction of the reference error, a margin for sampling noise.</summary>
    private const double ReferenceMargin = 0.99;


    private readonly RegionQualityEncoder _encoder;
    private readonly QuantizationPass _pass;
    private readonly RdWriterSettings _settings;
    private readonly QuantizedImage _quantized;
    private readonly SymbolStatistics _stats = new();
    private readonly long _target;
    private readonly int _sampleStep;
    private HuffmanSpec[] _dc;
    private HuffmanSpec[] _ac;
    private double _aim;
    private double _stuffing = 0.004;
    private double _lastX = double.NaN;
    private int _evaluations;
    private readonly Progressive.ProgressiveRateModel? _progressive; // progressive output: sizes and writes that file

    public RdRateController(RegionQualityEncoder encoder, QuantizationPass pass, RdWriterSettings settings, long target)
    {
        _encoder = encoder;
        _pass = pass;
        _settings = settings;
        _target = target;
        _aim = target * Aim;
        _quantized = new QuantizedImage(encoder.Layout);
        _sampleStep = encoder.Layout.McusHigh >= 16 ? 4 : 1;
        _dc = [StandardHuffmanTables.LumaDc, StandardHuffmanTables.ChromaDc];
        _ac = [StandardHuffmanTables.LumaAc, StandardHuffmanTables.ChromaAc];
        if (encoder.Options.Progressive) _progressive = new Progressive.ProgressiveRateModel(encoder.Layout, encoder.Options);
    }

    public void Dispose() => _quantized.Dispose();

    private static readonly double MinX = Math.Log(QuantizationTables.MinScale);
    private static readonly double MaxX = Math.Log(QuantizationTables.MaxScale * 4);

    /// <summary>
    /// The file at the target size. <paramref name="strength"/>: a fixed k, or null for the automatic strength
    /// against <paramref name="referenceDistortion"/> (RGB squared error of the standard file, full image) and
    /// <paramref name="referenceSampled"/> (the same over the sampled rows).
    /// </summary>
    public JpegEncodeResult Run(double? strength, PassResult referenceDistortion, PassResult referenceSampled)
    {
        double k = strength ?? SearchStrength(referenceSampled);
        return Final(k);
    }

    private double SearchStrength(PassResult reference)
    {
        double goal = reference.Distortion * ReferenceMargin;
        double goalStructural = reference.Structural * ReferenceMargin;
        if (_pass.Weights.MaxPriority - _pass.Weights.MinPriority < 1e-3f) return 0; // nothing stands out: nothing to favour
        // g(u), u = log(1 + k), increasing in u: the tighter of the two bounds (squared error, structure).
        double G(double u)
        {
            var r = SearchScale(Math.Exp(u) - 1, _sampleStep);
            // Errors measured a little off the target size, carried to it.
            double offset = DistortionSlope * Math.Log(r.Estimate / _aim);
            return Math.Max(Math.Log(r.Result.Distortion / goal), Math.Log(r.Result.Structural / goalStructural)) + offset;
        }
        double uLo = 0, uHi = Math.Log(1 + MaxStrength);
        double gLo = G(uLo);
        if (gLo >= 0) return 0;                      // even no saliency is not better than the reference
        double gHi = G(uHi);
        if (gHi <= 0) return MaxStrength;
        int side = 0; // Illinois variant of regula falsi: halve the end that stays twice, so both ends move
        for (int i = 0; i < MaxOuter; i++)
        {
            double u = uLo + (uHi - uLo) * gLo / (gLo - gHi);
            double margin = 0.05 * (uHi - uLo);
            u = Math.Clamp(u, uLo + margin, uHi - margin);
            double g = G(u);
            if (Math.Abs(g) < 0.01) return Math.Exp(u) - 1; // within 1 % of the bound, which has its own 1 % margin
            if (g < 0)
            {
                uLo = u; gLo = g;
                if (side == -1) gHi /= 2;
                side = -1;
            }
            else
            {
                uHi = u; gHi = g;
                if (side == 1) gLo /= 2;
                side = 1;
            }
            if (uHi - uLo < 0.02) break;
        }
        return Math.Exp(uLo) - 1; // the side that keeps the bound
    }

    /// <summary>Full-image search at strength k, then the write; real sizes correct the estimate.</summary>
    private JpegEncodeResult Final(double k)
    {
        JpegEncodeResult? best = null;
        for (int attempt = 0; attempt < 4; attempt++)
        {
            var r = SearchScale(k, 1);
            // Stage 2: the tables are integers, so near some scales one step of the tables moves the size by
            // more than the window. Then keep the finer side's tables and raise lambda alone, which changes
            // the size almost continuously.
            if (Math.Abs(r.F) > Tolerance && r.Hi - r.Lo < 0.02 && r.Lo > MinX)
            {
                double fixedScale = Math.Exp(r.Lo);
                r = Search(y => RdPlan.Create(fixedScale, _settings.TableShape, _settings.LambdaFactor * (float)Math.Exp(y), _dc, _ac),
                    0, Math.Log(16), 0.2, k, 1, fall: 0.15);
            }
            var data = WriteFile(r.Plan);
            _stuffing = Math.Max(0, _stuffing + (data.Length - r.Estimate) / Math.Max(1.0, r.Estimate));
            var result = Result(data, r.Plan, k);
            if (data.Length <= _target && (best is null || data.Length > best.Data.Length)) best = result;
            if (Accepted(data.Length)) return result;
        }
        return best ?? Smallest(k);
    }

    private JpegEncodeResult Smallest(double k)
    {
        var plan = Plan(MaxX);
        _pass.Run(Trellis(plan, k), _quantized, _stats);
        var data = WriteFile(plan);
        return Result(data, plan, k) with { TargetMet = false };
    }

    private JpegEncodeResult Result(byte[] data, RdPlan plan, double k) =>
        new(data, QuantizationTables.ScaleToQuality(plan.Scale), QuantizationTables.ScaleToQuality(plan.Scale),
            QuantizationTables.ScaleToQuality(plan.Scale), _evaluations, Accepted(data.Length)) { Strength = k };

    private bool Accepted(long length) => length <= _target && length >= Window * _target;

    /// <summary>
    /// The size search over the table scale (log) at strength k, starting where the previous one ended (the
    /// size barely moves between neighbouring strengths), so most searches need one or two passes.
    /// </summary>
    private SearchOutcome SearchScale(double k, int rowStep)
    {
        double start = double.IsNaN(_lastX) ? Math.Log(_settings.StartScale) : _lastX;
        var r = Search(Plan, MinX, MaxX, start, k, rowStep, fall: 0.7);
        _lastX = r.X;
        return r;
    }

    /// <summary>One search's outcome: the last plan counted, its size estimate, and the bracket it ended in.</summary>
    private readonly record struct SearchOutcome(RdPlan Plan, PassResult Result, double Estimate, double X, double F, double Lo, double Hi);

    /// <summary>
    /// Bracketed secant on log(size) over one parameter (larger = smaller file) at strength k: the table scale
    /// (log) in the main search, or lambda alone with the tables fixed (<see cref="Final"/>, stage 2).
    /// </summary>
    private SearchOutcome Search(Func<double, RdPlan> planFor, double min, double max, double x, double k, int rowStep, double fall)
    {
        double tolerance = rowStep == 1 ? Tolerance : SampledTolerance;
        double lo = min, hi = max, fLo = double.NaN, fHi = double.NaN;
        double prevX = double.NaN, prevF = double.NaN;
        x = Math.Clamp(x, min, max);
        RdPlan plan = planFor(x);
        PassResult result = default;
        double estimate = 0, f = double.NaN, evaluatedX = x;
        for (int i = 0; i < MaxInner; i++)
        {
            plan = planFor(x);
            evaluatedX = x;
            result = _pass.Run(Trellis(plan, k), _quantized, _stats, rowStep);
            _evaluations++;
            estimate = _encoder.EstimateBytes(_stats, _stuffing);
            // Whole-image counts size the file users get: the progressive one when asked for (sampled
            // counts stay baseline; the final, whole-image search lands the progressive size).
            if (rowStep == 1 && _progressive is not null) estimate = _progressive.EstimateBytes(plan, _quantized, estimate, _stuffing);
            // The next pass prices bits with the tables this one would write.
            (_dc, _ac) = _encoder.Tables(_stats);
            f = Math.Log(estimate / _aim);
            if (Math.Abs(f) <= tolerance) break;
            if (x <= min && f < 0) break;  // target above what the finest setting gives
            if (x >= max && f > 0) break;  // below the smallest
            if (f > 0) { lo = x; fLo = f; } else { hi = x; fHi = f; }
            double next;
            if (!double.IsNaN(fLo) && !double.IsNaN(fHi))
            {
                if (hi - lo < 1e-4) break;
                next = lo + (hi - lo) * fLo / (fLo - fHi);
                double margin = 0.05 * (hi - lo);
                next = Math.Clamp(next, lo + margin, hi - margin);
            }
            else
            {
                double slope = !double.IsNaN(prevF) && Math.Abs(x - prevX) > 1e-6 ? (f - prevF) / (x - prevX) : double.NaN;
                double step = slope < -1e-3 ? -slope : fall;
                next = Math.Clamp(x + f / step * 1.1, min, max);
            }
            prevX = x; prevF = f;
            x = next;
        }
        return new SearchOutcome(plan, result, estimate, evaluatedX, f, lo, hi);
    }

    /// <summary>The file of the levels just counted: baseline, or progressive (falling back to baseline where smaller).</summary>
    private byte[] WriteFile(RdPlan plan) => _progressive is null
        ? _encoder.WriteBaseline(plan.Tables, _quantized, _stats)
        : _progressive.Write(plan, plan.Tables, _quantized, () => _encoder.WriteBaseline(plan.Tables, _quantized, _stats));

    private TrellisBlockQuantizer Trellis(RdPlan plan, double k) =>
        new(plan, _pass.Weights, k, _encoder.Layout.MaxH * _encoder.Layout.MaxV);

    private RdPlan Plan(double x) => RdPlan.Create(Math.Exp(x), _settings.TableShape, _settings.LambdaFactor, _dc, _ac);
}
