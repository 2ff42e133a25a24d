using SemanticJpeg.Jpeg.Components;

namespace SemanticJpeg.Jpeg;

/// <summary>
/// Rate control of the RD writer. Inner search: the table scale (lambda follows it, <see cref="RdPlan"/>) that
/// lands the file in [99 %, 100 %] of the target for a given strength. Outer search (automatic strength): the
/// largest strength k (w_b = a_b + k p_b) whose file, at the target size, has a whole-image squared error and a
/// whole-image structural error no larger than a given reference's (the standard JPEG's): the RD gain is spent
/// on the subject until the picture as a whole is as good as the standard file. The structural error is a
/// block-local proxy on the sampled passes and the file's real MS-SSIM loss (<see cref="MsSsimCheck"/>) on the
/// whole-image ones.
/// </summary>
/// <remarks>
/// <para>
/// Why the reference constraint is the principle: minimising the subject's error <c>sum_b p_b D_b</c> subject to
/// a rate and to whole-image bounds on the squared error <c>sum_b D_b</c> and the structural error
/// <c>sum_b m_b D_b</c> has the Lagrangian <c>sum_b (p_b + mu_1 + mu_2 m_b) D_b + lambda R</c>. The perceptual factor
/// a_b is the bounds' share (<see cref="BlockWeights"/>) and k stands for 1/mu, so the default strength is not a
/// tuned constant but the one that makes the tighter bound hold with equality, per image.
/// </para>
/// <para>
/// Each evaluation re-quantises the stored coefficients and counts symbols; the code lengths it prices bits with
/// are the optimal tables of the previous evaluation (starting from Annex K), so the trellis and the Huffman
/// tables improve together over the search, and the file is written with tables optimal for its own levels.
/// The strength search evaluates one MCU in four (runs on a diagonal lattice, <see cref="QuantizationPass"/>),
/// each evaluation carried to the target size by local slopes it learns as it goes; then up to four
/// whole-image passes, each with the file's real MS-SSIM, correct the strength (Newton, then regula falsi once
/// the bound is bracketed; a sample stands for the image only roughly) and the last one lands the size. About
/// 5 sampled and 5 whole-image passes on the kit's photos, 2.3 of them with an MS-SSIM measurement, and one
/// for the standard file.
/// </para>
/// </remarks>
internal sealed class RdRateController : IDisposable
{
    private const double Window = 0.99;
    private const double Aim = 0.995;
    private const double Tolerance = 0.003;
    private const double SampledTolerance = 0.08;

    private const int MaxInner = 16;
    private const int MaxOuter = 10;

    /// <summary>The strength the search tries after k = 0 (u = log(1 + k)); measured defaults lie between 1 and 8.</summary>
    private static readonly double FirstStrength = Math.Log(1 + 4);

    /// <summary>
    /// d log(scale) / d u at equal size before two strengths have been measured: a higher strength spends fewer
    /// bits on the background, so finer tables hit the same size (measured about -0.3 on the sample photos).
    /// </summary>
    private const double ScalePerStrength = -0.3;

    /// <summary>
    /// Where the first search starts relative to the standard JPEG's scale (log): at the standard's scale the RD
    /// tables (flatter, with lambda) give a file about half the size (measured 0.42-0.46 on the sample photos).
    /// </summary>
    private const double FirstScaleOffset = -0.7;

    /// <summary>Strengths searched for the automatic mode: w_b up to a_b + 64 (background weight about 1/65 of the subject).</summary>
    public const double MaxStrength = 64;

    /// <summary>The strength search aims this fraction of the reference error, a margin for the size estimate.</summary>
    private const double ReferenceMargin = 0.99;

    /// <summary>The sampled search stops within this of the bound (log units); the whole image corrects the rest.</summary>
    private const double SampledBoundTolerance = 0.02;

    /// <summary>
    /// Whole-image corrections of the strength accept a bound between -Slack and 0 (log units): the file keeps
    /// the reference and spends at least 97 % of what it allows.
    /// </summary>
    private const double Slack = 0.03;

    /// <summary>
    /// Whole-image corrections after the first: three were too few where Newton steps along the proxy's slope
    /// approach the bound from above slowly (kit, Q75: coffee, hotel, pagoda), which then ended above it.
    /// </summary>
    private const int MaxCorrections = 3;

    /// <summary>
    /// The least d bound / d u the first whole-image step assumes: the sampled passes measure the proxy's slope,
    /// and MS-SSIM's loss rises faster with k (0.09-0.3, mostly 0.15-0.2, on the kit's photos at Q50), so steps
    /// along a flatter proxy overshoot.
    /// </summary>
    private const double MinWholeImageSlope = 0.15;

    /// <summary>Size tolerance (log) of the whole-image passes that only measure the bound: it is carried to the aim.</summary>
    private const double CorrectionTolerance = 0.03;

    /// <summary>Size tolerance (log) of the table-scale stage of <see cref="Land"/>; lambda lands the rest.</summary>
    private const double ScaleTolerance = 0.012;

    /// <summary>
    /// -d log(size) / d log(lambda) at fixed tables, the lambda stage's first step: measured 0.16-0.44 (median 0.3)
    /// on the kit's photos at Q50 with their masks. Its second step is a secant through the table-scale stage's
    /// pass (the tables' own lambda), so a first step off by half still lands in two passes.
    /// </summary>
    private const double LambdaSizeSlope = 0.3;

    /// <summary>log of the range lambda may leave the tables' own value by in <see cref="Land"/>.</summary>
    private static readonly double MinLambda = -Math.Log(4), MaxLambda = Math.Log(16);

    /// <summary>The strength search's upper end in u = log(1 + k).</summary>
    private static readonly double MaxU = Math.Log(1 + MaxStrength);


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
    private readonly List<(double U, double X)> _aimed = [];  // per strength searched: the table scale that hits the aim
    private readonly List<(double U, double G)> _bounds = []; // per strength searched: the sampled bound at the aim
    private int _evaluations;

    // Local slopes, learned from every two passes at one strength (the starting values are typical ones):
    // -d log(size) / d log(scale), and -d log(error) / d log(size) for the squared and the structural error,
    // which carry an error measured slightly off the target size to the target.
    private double _sizeSlope = 1.0;
    private double _distortionSlope = 1.3;
    private double _structuralSlope = 1.3;
    private readonly Progressive.ProgressiveRateModel? _progressive; // progressive output: sizes and writes that file

    private readonly MsSsimCheck? _msssim;
    private double _chromaScale; // the chroma table's scale relative to luma's: the settings', or 1 once that missed MS-SSIM

    /// <summary>
    /// Rate control of <paramref name="encoder"/>'s stored coefficients through <paramref name="pass"/> to
    /// <paramref name="target"/> bytes with <paramref name="settings"/>; <paramref name="msssim"/> is the whole-image
    /// MS-SSIM check of the automatic strength (null: the block-local proxy alone).
    /// </summary>
    public RdRateController(RegionQualityEncoder encoder, QuantizationPass pass, RdWriterSettings settings, long target, MsSsimCheck? msssim = null)
    {
        _msssim = msssim;
        _encoder = encoder;
        _pass = pass;
        _settings = settings;
        _chromaScale = settings.ChromaScale;
        _target = target;
        _aim = target * Aim;
        _quantized = new QuantizedImage(encoder.Layout);
        _sampleStep = encoder.Layout.McusHigh >= 16 ? 4 : 1;
        _dc = [StandardHuffmanTables.LumaDc, StandardHuffmanTables.ChromaDc];
        _ac = [StandardHuffmanTables.LumaAc, StandardHuffmanTables.ChromaAc];
        if (encoder.Options.Progressive) _progressive = new Progressive.ProgressiveRateModel(encoder.Layout, encoder.Options);
    }

    public void Dispose() => _quantized.Dispose();

    /// <summary>
    /// After an automatic-strength <see cref="Run"/>: the whole-image bound at the strength chosen, in log units
    /// (at most 0: the file keeps the standard's squared error and MS-SSIM; above 0 only where even k = 0 does
    /// not); NaN where nothing was measured (a fixed strength, nothing standing out).
    /// </summary>
    public double BoundExcess { get; private set; } = double.NaN;

    private static readonly double MinX = Math.Log(QuantizationTables.MinScale);
    private static readonly double MaxX = Math.Log(QuantizationTables.MaxScale * 4);

    /// <summary>
    /// The file at the target size. <paramref name="strength"/>: a fixed k, or null for the automatic strength
    /// against <paramref name="reference"/> (the standard file's errors: RGB squared error and structural proxy over
    /// the full image and over the sampled rows, and its MS-SSIM loss).
    /// </summary>
    public JpegEncodeResult Run(double? strength, StandardReference.Errors reference, ResumePoint? resume = null)
    {
        if (strength is double fixedStrength) return Fixed(fixedStrength, reference);
        if (_pass.Weights.NothingStandsOut) return Fixed(0, reference); // nothing to favour
        double u;
        if (resume is { } from)
        {
            // Another search of the same picture ended here (the other chroma): its strength and scale are a
            // better start than the sampled search, which would find again the proxy's strength it corrected.
            u = Math.Clamp(Math.Log(1 + from.Strength), 0, MaxU);
            _aimed.Add((u, from.LogScale));
            _lastX = from.LogScale;
        }
        else u = SearchStrength(Goal(reference.Sampled));
        // The sampled rows stand for the image only roughly (the bound is off by up to 15 % on the sample
        // photos), so the strength is corrected on the whole image, landed at the target size each time. There
        // the structural bound is the file's real MS-SSIM loss (decoded from the levels) where the reference's is
        // known: the block-local proxy misses MS-SSIM per photo, in level and in how it moves with k.
        var goal = Goal(reference.Full);
        double goalLoss = reference.MsSsimLoss * ReferenceMargin;
        var landed = Land(Strength(u), CorrectionTolerance);
        // Newton along the sampled slope until one point keeps the bound and one does not, then regula falsi
        // between them, aiming inside the accepted band. Out of corrections above the bound, the file goes back
        // to the largest strength measured to keep it.
        double keptU = double.NaN, keptG = double.NaN, overU = double.NaN, overG = double.NaN;
        for (int i = 0; ; i++)
        {
            double g = WholeImageBound(landed, goal, goalLoss);
            BoundExcess = g;
            if (g <= 0 && (g > -Slack || u >= MaxU)) break; // keeps the bound, and spends nearly all of it
            if (g > 0 && u <= 0) break;                       // even no saliency does not keep it: the plain RD file
            if (g <= 0 && (double.IsNaN(keptU) || u > keptU)) { keptU = u; keptG = g; }
            if (g > 0 && (double.IsNaN(overU) || u < overU)) { overU = u; overG = g; }
            if (i == MaxCorrections)
            {
                if (g > 0 && !double.IsNaN(keptU)) (u, landed, BoundExcess) = (keptU, Reland(u, keptU, landed), keptG);
                break;
            }
            const double aim = -Slack / 2;
            double next = !double.IsNaN(keptU) && !double.IsNaN(overU)
                ? keptU + (overU - keptU) * (aim - keptG) / (overG - keptG)
                : u - (g - aim) / Math.Max(BoundSlope(u), MinWholeImageSlope);
            if (!double.IsNaN(keptU)) next = Math.Max(next, keptU);
            if (!double.IsNaN(overU)) next = Math.Min(next, overU);
            next = Math.Clamp(next, 0, MaxU);
            (u, landed) = (next, Reland(u, next, landed));
        }
        double k = Strength(u);
        if (Math.Abs(landed.F) <= Tolerance) return Final(k, landed);
        _lastX = landed.X + landed.F / _sizeSlope; // a secant step from the measuring pass, not the same pass again
        return Final(k, Land(k));
    }

    /// <summary>
    /// The file at a fixed strength. Where its chroma is finer than the tables' (a file that favours no subject,
    /// <see cref="Components.RdTables.NoSubjectChromaScale"/>) and an MS-SSIM check is given, a file that misses the
    /// reference's MS-SSIM is landed again with the tables' own chroma, from the table scale the first landed at.
    /// </summary>
    private JpegEncodeResult Fixed(double k, StandardReference.Errors reference)
    {
        var landed = Land(k);
        if (_chromaScale != 1.0 && _msssim is not null && reference.MsSsimLoss > 0
            && _msssim.Loss(_quantized.Levels[0], _quantized.Masks[0], landed.Plan.Tables[0]) > reference.MsSsimLoss)
        {
            _chromaScale = 1.0;
            landed = Land(k);
        }
        return Final(k, landed);
    }

    /// <summary>Where an automatic-strength search ended: the strength chosen and the log table scale of its last pass.</summary>
    public readonly record struct ResumePoint(double Strength, double LogScale);

    /// <summary>After <see cref="Run"/>: the strength it chose and the table scale it ended at, to start another search of the same picture from.</summary>
    public ResumePoint Resume(JpegEncodeResult result) => new(result.Strength, _lastX);

    /// <summary>The file at strength u = log(1 + k) <paramref name="to"/>, its size search starting from <paramref name="landed"/>'s (at <paramref name="from"/>).</summary>
    private SearchOutcome Reland(double from, double to, SearchOutcome landed)
    {
        _lastX = landed.X + (PredictScale(to) - PredictScale(from));
        return Land(Strength(to), CorrectionTolerance);
    }

    /// <summary>The reference's errors less the margin: what the strength search holds the file to.</summary>
    private static PassResult Goal(PassResult reference) =>
        new(reference.Distortion * ReferenceMargin, reference.Structural * ReferenceMargin);

    /// <summary>k from the search variable u = log(1 + k).</summary>
    private static double Strength(double u) => Math.Exp(u) - 1;

    /// <summary>
    /// The tighter of the two bounds in log units (0: exactly at the goal; positive: worse than it), carried from
    /// the size the pass landed at to the aim by the learned slopes.
    /// </summary>
    private double Bound(SearchOutcome r, PassResult goal)
    {
        double s = Math.Log(r.Estimate / _aim);
        return Math.Max(Math.Log(r.Result.Distortion / goal.Distortion) + _distortionSlope * s,
            Math.Log(r.Result.Structural / goal.Structural) + _structuralSlope * s);
    }

    /// <summary>
    /// The bound of a whole-image pass: as <see cref="Bound"/>, but with the file's own MS-SSIM loss (decoded from
    /// the levels just stored) in place of the structural proxy where the reference's loss is known, carried to
    /// the aim by the proxy's slope.
    /// </summary>
    private double WholeImageBound(SearchOutcome r, PassResult goal, double goalLoss)
    {
        if (_msssim is null || !(goalLoss > 0)) return Bound(r, goal);
        double loss = _msssim.Loss(_quantized.Levels[0], _quantized.Masks[0], r.Plan.Tables[0]);
        return Bound(r with { Result = r.Result with { Structural = loss } }, goal with { Structural = goalLoss });
    }

    /// <summary>d bound / d u at the target size, from the two sampled evaluations nearest u (at least 0.05).</summary>
    private double BoundSlope(double u)
    {
        var near = _bounds.OrderBy(p => Math.Abs(p.U - u)).Take(2).ToArray();
        if (near.Length < 2 || Math.Abs(near[1].U - near[0].U) < 1e-3) return 0.3;
        return Math.Max(0.05, (near[1].G - near[0].G) / (near[1].U - near[0].U));
    }

    /// <summary>The sampled search for u = log(1 + k) against <paramref name="goal"/> (over the sampled MCUs).</summary>
    private double SearchStrength(PassResult goal)
    {
        // g(u), u = log(1 + k), increasing in u: the tighter of the two bounds (squared error, structure), each
        // carried from the size the pass landed at to the aim by the learned slopes, so one pass near the aim
        // is enough and the size search need not be tight.
        double G(double u)
        {
            var r = Search(Plan, MinX, MaxX, PredictScale(u), Strength(u), _sampleStep, SampledTolerance);
            _aimed.Add((u, r.X - Math.Log(r.Estimate / _aim) / _sizeSlope));
            double g = Bound(r, goal);
            _bounds.Add((u, g));
            return g;
        }
        double uLo = 0, gLo = G(0);
        if (gLo >= 0) return 0;                      // even no saliency is not better than the reference
        double uHi = double.NaN, gHi = double.NaN;
        double u = FirstStrength, uPrev = 0, gPrev = gLo;
        int side = 0; // Illinois variant of regula falsi: halve the end that stays twice, so both ends move
        double result = 0;
        for (int i = 0; i < MaxOuter; i++)
        {
            double g = G(u);
            if (Math.Abs(g) < SampledBoundTolerance) { result = u; break; } // near enough: the whole image corrects it
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
            result = uLo;
            double next;
            if (double.IsNaN(uHi))
            {
                // Not bracketed yet: the secant through the last two points, a little beyond, so the next
                // point is likely to bracket the root.
                if (uLo >= MaxU) break;
                next = g > gPrev ? u - g * (u - uPrev) / (g - gPrev) : MaxU;
                next = Math.Min(MaxU, Math.Max(uLo + 0.2, uLo + (next - uLo) * 1.2));
            }
            else
            {
                if (uHi - uLo < 0.02) break;
                next = uLo + (uHi - uLo) * gLo / (gLo - gHi);
                double margin = 0.05 * (uHi - uLo);
                next = Math.Clamp(next, uLo + margin, uHi - margin);
            }
            uPrev = u; gPrev = g;
            u = next;
        }
        _lastX = PredictScale(result);
        return result; // the side that keeps the bound
    }

    /// <summary>
    /// Where the size search at strength u = log(1 + k) should start: the table scale that hit the aim,
    /// interpolated (or extrapolated) in u from the strengths already evaluated.
    /// </summary>
    private double PredictScale(double u)
    {
        var aimed = _aimed;
        if (aimed.Count == 0) return double.IsNaN(_lastX) ? Math.Log(_settings.StartScale) + FirstScaleOffset : _lastX;
        // Least squares over every strength measured: each is a sampled estimate, so two near ones can disagree
        // by more than their distance in u would explain.
        double mu = aimed.Average(p => p.U), mx = aimed.Average(p => p.X);
        double suu = aimed.Sum(p => (p.U - mu) * (p.U - mu)), sux = aimed.Sum(p => (p.U - mu) * (p.X - mx));
        double slope = suu > 0.05 ? Math.Min(0, sux / suu) : ScalePerStrength;
        return Math.Clamp(mx + slope * (u - mu), MinX, MaxX);
    }

    /// <summary>
    /// The whole-image size search at strength k: the table scale to within <see cref="ScaleTolerance"/>, then,
    /// if the size is not yet within <paramref name="tolerance"/>, lambda alone with those tables. The size jumps
    /// by up to 1 % where an integer table entry changes (measured on the kit's photos at Q75), so a tight search
    /// over the scale alone wanders for 5-14 passes; lambda moves the size almost continuously, and the small
    /// departure from the lambda the tables imply costs nothing measurable.
    /// </summary>
    private SearchOutcome Land(double k, double tolerance = Tolerance)
    {
        var r = SearchScale(k, Math.Max(tolerance, ScaleTolerance));
        if (Math.Abs(r.F) <= tolerance || (r.X <= MinX && r.F < 0) || (r.X >= MaxX && r.F > 0)) return r;
        double fixedScale = Math.Exp(r.X);
        double y = Math.Clamp(r.F / LambdaSizeSlope, MinLambda, MaxLambda);
        var l = Search(v => RdPlan.Create(fixedScale, _settings.TableShape, _settings.LambdaFactor * (float)Math.Exp(v), _dc, _ac, _chromaScale),
            MinLambda, MaxLambda, y, k, 1, tolerance, fall: LambdaSizeSlope, seed: r.F);
        // The outcome keeps the table scale as its X (callers step the scale from it) and the lambda pass's
        // plan, which made the levels now stored. Only the last pass's outcome can be returned: the stored
        // levels are that pass's.
        if (Math.Abs(l.F) <= tolerance) return l with { X = r.X, Lo = r.Lo, Hi = r.Hi };
        // Lambda cannot move this file's size (a flat image has nothing to trade): the scale alone, tightly.
        return SearchScale(k, tolerance);
    }

    /// <summary>Writes the landed levels; real sizes correct the estimate, and the search lands again if needed.</summary>
    private JpegEncodeResult Final(double k, SearchOutcome landed)
    {
        JpegEncodeResult? best = null;
        for (int attempt = 0; attempt < 4; attempt++)
        {
            var r = attempt == 0 ? landed : Land(k);
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
    /// The whole-image size search over the table scale (log) at strength k, starting where the strength search
    /// (or the previous attempt) ended, so most searches need one or two passes.
    /// </summary>
    private SearchOutcome SearchScale(double k, double tolerance)
    {
        double start = double.IsNaN(_lastX) ? Math.Log(_settings.StartScale) + FirstScaleOffset : _lastX;
        var r = Search(Plan, MinX, MaxX, start, k, 1, tolerance);
        _lastX = r.X;
        return r;
    }

    /// <summary>One search's outcome: the last plan counted, its size estimate, and the bracket it ended in.</summary>
    private readonly record struct SearchOutcome(RdPlan Plan, PassResult Result, double Estimate, double X, double F, double Lo, double Hi);

    /// <summary>
    /// Bracketed secant on log(size) over one parameter (larger = smaller file) at strength k: the table scale
    /// (log) in the main search, or lambda alone with the tables fixed (<see cref="Land"/>'s second stage, with its
    /// own first slope <paramref name="fall"/>). The table-scale search takes its first step with the slope it
    /// learned before and learns the slopes of size and error from every two of its passes. <paramref name="seed"/>:
    /// the log size error already measured at parameter 0 (the lambda stage: the table-scale stage's last pass, at
    /// the tables' own lambda), a bracket end and the secant's first point.
    /// </summary>
    private SearchOutcome Search(Func<double, RdPlan> planFor, double min, double max, double x, double k, int rowStep, double tolerance,
        double? fall = null, double? seed = null)
    {
        bool learn = fall is null;
        double lo = min, hi = max, fLo = double.NaN, fHi = double.NaN;
        double prevX = double.NaN, prevF = double.NaN;
        if (seed is double f0 && min <= 0 && max >= 0)
        {
            (prevX, prevF) = (0, f0);
            if (f0 > 0) (lo, fLo) = (0, f0); else (hi, fHi) = (0, f0);
        }
        PassResult prevResult = default;
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
            if (learn && !double.IsNaN(prevF)) Learn(x - prevX, f - prevF, result, prevResult);
            if (Math.Abs(f) <= tolerance) break;
            if (x <= min && f < 0) break;  // target above what the finest setting gives
            if (x >= max && f > 0) break;  // below the smallest
            if (!learn && Math.Abs(f - prevF) < 1e-7) break; // lambda does not move the size here
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
                double step = slope < -1e-3 ? -slope : fall ?? _sizeSlope;
                next = Math.Clamp(x + f / step * 1.1, min, max);
            }
            prevX = x; prevF = f; prevResult = result;
            x = next;
        }
        return new SearchOutcome(plan, result, estimate, evaluatedX, f, lo, hi);
    }

    /// <summary>
    /// Updates the local slopes from two passes at one strength that differ by <paramref name="dx"/> in log
    /// scale and <paramref name="ds"/> in log size; pairs too close to tell, or with implausible slopes, are skipped.
    /// </summary>
    private void Learn(double dx, double ds, PassResult now, PassResult before)
    {
        if (Math.Abs(dx) < 0.02 || Math.Abs(ds) < 0.02) return;
        double size = -ds / dx;
        if (size is > 0.2 and < 5) _sizeSlope = size;
        if (now.Distortion <= 0 || before.Distortion <= 0 || now.Structural <= 0 || before.Structural <= 0) return;
        double distortion = -Math.Log(now.Distortion / before.Distortion) / ds;
        double structural = -Math.Log(now.Structural / before.Structural) / ds;
        if (distortion is > 0.2 and < 5) _distortionSlope = distortion;
        if (structural is > 0.2 and < 5) _structuralSlope = structural;
    }

    /// <summary>The file of the levels just counted: baseline, or progressive (falling back to baseline where smaller).</summary>
    private byte[] WriteFile(RdPlan plan) => _progressive is null
        ? _encoder.WriteBaseline(plan.Tables, _quantized, _stats)
        : _progressive.Write(plan, plan.Tables, _quantized, () => _encoder.WriteBaseline(plan.Tables, _quantized, _stats));

    private TrellisBlockQuantizer Trellis(RdPlan plan, double k) =>
        new(plan, _pass.Weights, k, _encoder.Layout);

    private RdPlan Plan(double x) => RdPlan.Create(Math.Exp(x), _settings.TableShape, _settings.LambdaFactor, _dc, _ac, _chromaScale);
}
