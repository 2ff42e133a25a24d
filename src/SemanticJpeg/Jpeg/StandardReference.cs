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
    private readonly int _sampleStep;

    public StandardReference(RegionQualityEncoder encoder, QuantizationPass pass)
    {
        _encoder = encoder;
        _pass = pass;
        _sampleStep = encoder.Layout.McusHigh >= 16 ? 4 : 1;
    }

    /// <summary>RGB squared error over the whole image and over the sampled rows, and the tables' scale.</summary>
    public (PassResult Full, PassResult Sampled, double Scale) AtQuality(int quality)
    {
        double scale = QuantizationTables.LibjpegScale(Math.Clamp(quality, 1, 100));
        var (full, sampled, _) = Measure(scale);
        return (full, sampled, Math.Max(scale, QuantizationTables.MinScale));
    }

    /// <summary>
    /// The standard JPEG of <paramref name="targetBytes"/>: the two integer qualities whose sizes bracket it,
    /// errors interpolated in log(size), so the reference moves continuously with the target.
    /// </summary>
    public (PassResult Full, PassResult Sampled, double Scale) AtSize(long targetBytes)
    {
        int lo = 1, hi = 100;
        var atLo = Measure(QuantizationTables.LibjpegScale(lo));
        if (atLo.Bytes >= targetBytes) return (atLo.Full, atLo.Sampled, QuantizationTables.LibjpegScale(lo));
        var atHi = Measure(Math.Max(QuantizationTables.MinScale, QuantizationTables.LibjpegScale(hi)));
        if (atHi.Bytes <= targetBytes) return (atHi.Full, atHi.Sampled, QuantizationTables.MinScale);
        while (hi - lo > 1)
        {
            int mid = (lo + hi) / 2;
            var m = Measure(QuantizationTables.LibjpegScale(mid));
            if (m.Bytes <= targetBytes) { lo = mid; atLo = m; } else { hi = mid; atHi = m; }
        }
        double t = (Math.Log(targetBytes) - Math.Log(atLo.Bytes)) / Math.Max(1e-9, Math.Log(atHi.Bytes) - Math.Log(atLo.Bytes));
        t = Math.Clamp(t, 0, 1);
        double Lerp(double a, double b) => Math.Exp(Math.Log(Math.Max(a, 1e-12)) + t * (Math.Log(Math.Max(b, 1e-12)) - Math.Log(Math.Max(a, 1e-12))));
        PassResult LerpResult(PassResult a, PassResult b) =>
            new(Lerp(a.Distortion, b.Distortion), Lerp(a.Structural, b.Structural), a.Coverage);
        double scale = Lerp(Math.Max(QuantizationTables.MinScale, QuantizationTables.LibjpegScale(lo)),
            Math.Max(QuantizationTables.MinScale, QuantizationTables.LibjpegScale(hi)));
        return (LerpResult(atLo.Full, atHi.Full), LerpResult(atLo.Sampled, atHi.Sampled), scale);
    }

    private (PassResult Full, PassResult Sampled, double Bytes) Measure(double scale)
    {
        var plan = RdPlan.Create(scale, 1.0, 1f, [StandardHuffmanTables.LumaDc, StandardHuffmanTables.ChromaDc],
            [StandardHuffmanTables.LumaAc, StandardHuffmanTables.ChromaAc]);
        using var q = new QuantizedImage(_encoder.Layout);
        var stats = new SymbolStatistics();
        var rounding = new RoundingQuantizer(plan.Reciprocals, plan.StepSquared, simd: true);
        var full = _pass.Run(rounding, q, stats);
        double bytes = _encoder.EstimateBytes(stats, 0.004);
        var sampled = _sampleStep == 1 ? full : _pass.Run(rounding, q, stats, _sampleStep);
        return (full, sampled, bytes);
    }
}
