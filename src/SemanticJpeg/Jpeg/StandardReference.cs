using SemanticJpeg.Jpeg.Components;

namespace SemanticJpeg.Jpeg;

/// <summary>
/// The standard JPEG an RD encode is held to: libjpeg's Annex K tables at one quality with plain rounding,
/// measured on the same stored coefficients (so its error is computed exactly as ours), either at a given
/// quality or at the quality whose file has a given size.
/// </summary>
internal sealed class StandardReference
{
    private readonly RegionQualityEncoder _encoder;
    private readonly QuantizationPass _pass;
    private readonly MsSsimCheck? _msssim;
    private readonly int _sampleStep;

    /// <summary>
    /// The standard files of <paramref name="encoder"/>'s picture, measured through <paramref name="pass"/>;
    /// <paramref name="msssim"/> measures their MS-SSIM loss too (<see cref="Errors.MsSsimLoss"/>; null: 0).
    /// </summary>
    public StandardReference(RegionQualityEncoder encoder, QuantizationPass pass, MsSsimCheck? msssim)
    {
        _encoder = encoder;
        _pass = pass;
        _msssim = msssim;
        _sampleStep = encoder.Layout.McusHigh >= 16 ? 4 : 1;
    }

    /// <summary>What the standard file is measured by: its errors over the whole image and over the sampled rows, its MS-SSIM loss, its tables' scale.</summary>
    public readonly record struct Errors(PassResult Full, PassResult Sampled, double MsSsimLoss, double Scale);

    /// <summary>The standard JPEG at <paramref name="quality"/>.</summary>
    public Errors AtQuality(int quality)
    {
        double scale = Scale(quality);
        var m = Measure(scale, withLoss: true);
        return new(m.Full, Sampled(scale), m.Loss, scale);
    }

    /// <summary>
    /// The standard JPEG of <paramref name="targetBytes"/>: the two integer qualities whose sizes bracket it,
    /// errors interpolated in log(size), so the reference moves continuously with the target.
    /// </summary>
    public Errors AtSize(long targetBytes)
    {
        int lo = 1, hi = 100;
        var atLo = Measure(Scale(lo));
        if (atLo.Bytes >= targetBytes) return new(atLo.Full, Sampled(Scale(lo)), Loss(Scale(lo)), Scale(lo));
        var atHi = Measure(Scale(hi));
        if (atHi.Bytes <= targetBytes) return new(atHi.Full, Sampled(Scale(hi)), Loss(Scale(hi)), Scale(hi));
        while (hi - lo > 1)
        {
            int mid = (lo + hi) / 2;
            var m = Measure(Scale(mid));
            if (m.Bytes <= targetBytes) { lo = mid; atLo = m; } else { hi = mid; atHi = m; }
        }
        double t = (Math.Log(targetBytes) - Math.Log(atLo.Bytes)) / Math.Max(1e-9, Math.Log(atHi.Bytes) - Math.Log(atLo.Bytes));
        t = Math.Clamp(t, 0, 1);
        double Lerp(double a, double b) => Math.Exp(Math.Log(Math.Max(a, 1e-12)) + t * (Math.Log(Math.Max(b, 1e-12)) - Math.Log(Math.Max(a, 1e-12))));
        PassResult LerpResult(PassResult a, PassResult b) => new(Lerp(a.Distortion, b.Distortion), Lerp(a.Structural, b.Structural));
        // The bisection needs only sizes; the sampled rows are counted for the two qualities it ends on, and
        // MS-SSIM (a decode and a metric, the costliest measure) once, for the tables at the interpolated scale:
        // a standard file of about the target's size.
        double scale = Lerp(Scale(lo), Scale(hi));
        return new(LerpResult(atLo.Full, atHi.Full), LerpResult(Sampled(Scale(lo)), Sampled(Scale(hi))), Loss(scale), scale);
    }

    /// <summary>libjpeg's scale of a quality, kept above the smallest scale a logarithm can take.</summary>
    private static double Scale(int quality) => Math.Max(QuantizationTables.MinScale, QuantizationTables.LibjpegScale(Math.Clamp(quality, 1, 100)));

    /// <summary>The standard file's errors over every row, its size, and (with <paramref name="withLoss"/> and a check) its MS-SSIM loss.</summary>
    private (PassResult Full, double Bytes, double Loss) Measure(double scale, bool withLoss = false)
    {
        using var q = new QuantizedImage(_encoder.Layout);
        var stats = new SymbolStatistics();
        var plan = StandardTables(scale);
        var full = _pass.Run(Rounding(plan), q, stats);
        double loss = withLoss && _msssim is not null ? _msssim.Loss(q.Levels[0], q.Masks[0], plan.Tables[0]) : 0;
        return (full, _encoder.EstimateBytes(stats, 0.004), loss);
    }

    /// <summary>The standard file's MS-SSIM loss (0 when no check was given).</summary>
    private double Loss(double scale) => _msssim is null ? 0 : Measure(scale, withLoss: true).Loss;

    /// <summary>The standard file's errors over the rows the strength search samples.</summary>
    private PassResult Sampled(double scale)
    {
        if (_sampleStep == 1) return Measure(scale).Full;
        using var q = new QuantizedImage(_encoder.Layout);
        return _pass.Run(Rounding(StandardTables(scale)), q, new SymbolStatistics(), _sampleStep);
    }

    /// <summary>Plain rounding with the plan's tables (libjpeg's Annex K tables, <see cref="StandardTables"/>).</summary>
    private static RoundingQuantizer Rounding(RdPlan plan) => new(plan.Reciprocals, plan.StepSquared, simd: true);

    /// <summary>libjpeg's Annex K tables at this scale (shape 1), as a plan.</summary>
    private static RdPlan StandardTables(double scale) =>
        RdPlan.Create(scale, 1.0, 1f, [StandardHuffmanTables.LumaDc, StandardHuffmanTables.ChromaDc],
            [StandardHuffmanTables.LumaAc, StandardHuffmanTables.ChromaAc]);
}
