using SemanticJpeg.Imaging;
using SemanticJpeg.Jpeg.Components;

namespace SemanticJpeg.Jpeg;

/// <summary>
/// Writes one ordinary baseline JPEG in which each 8x8 block gets the quality its importance asks for.
/// The constructor does colour conversion, subsampling and the DCT once; every Encode call only
/// re-quantises and entropy-codes, so rate control can try many settings cheaply.
/// An instance holds no shared state: different instances may be used from different threads, and the
/// Encode methods of one instance only read its fields, so they are safe to call concurrently too.
/// The DCT coefficients (several MB for a photo) live in pooled memory: dispose the encoder when done to hand
/// them back (not disposing is safe; the memory is then simply collected).
/// </summary>
internal sealed class RegionQualityEncoder : IDisposable
{
    private readonly FrameLayout _layout;
    private readonly CoefficientStore _store;  // the image transformed once (pooled)
    private readonly byte[][] _levels;        // [component][block] dead-zone importance level 0..QuantPlan.Levels-1
    private readonly QuantizationPass _pass;  // the one walk over the blocks, with their weights (box chroma)
    private readonly QuantizationPass _rdPass; // the RD writer's walk (fitted chroma; the box walk without the fit)
    private readonly QuantizationPass _rdStandardPass; // the walk the RD writer's standard files are measured by
    private readonly int _fixedHeaderBytes;   // every marker byte of a baseline file except the DHT segments
    private readonly bool _simd;

    public RegionQualityEncoder(PixelImage image, BlockImportance importance, JpegWriterOptions options)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(importance);
        ArgumentNullException.ThrowIfNull(options);
        if (image.Width > 65535 || image.Height > 65535)
            throw new ArgumentOutOfRangeException(nameof(image), "Baseline JPEG is limited to 65535x65535 pixels.");
        if (options.RestartInterval is < 0 or > 65535)
            throw new ArgumentOutOfRangeException(nameof(options), "RestartInterval must be 0..65535.");
        if (!(options.ImportanceExponent > 0))
            throw new ArgumentOutOfRangeException(nameof(options), "ImportanceExponent must be positive.");

        Options = options;
        _simd = !options.ForceScalar;
        _layout = new FrameLayout(image.Width, image.Height, image.IsGrey, options.Subsampling);
        _store = CoefficientStore.Transform(image, _layout, _simd, options.FitChroma);
        var coefficients = _store.Coefficients;
        _pass = new QuantizationPass(_layout, coefficients, new BlockWeights(_layout, coefficients[0], importance, image), options.RestartInterval);
        // The RD file codes the fitted chroma; its standard file is quantised from the box average but measured
        // against the fitted chroma plus the fit's residual, which is each file's whole error as decoded
        // (measured against its own box average, a standard file's error came out 5-13 % low on colourful photos).
        if (_store.Fitted is { } fitted)
        {
            _rdPass = new QuantizationPass(_layout, fitted.Coefficients, _pass.Weights, options.RestartInterval, subsamplingErrorPerMcu: fitted.ResidualPerMcu);
            _rdStandardPass = new QuantizationPass(_layout, coefficients, _pass.Weights, options.RestartInterval, fitted.Coefficients, fitted.ResidualPerMcu);
        }
        else
        {
            _rdPass = _rdStandardPass = _pass;
        }
        _levels = DeadZoneLevels(_pass.Weights);
        _fixedHeaderBytes = JpegFrameWriter.HeaderBytes(_layout, options, progressive: false) + MarkerWriter.SosBytes(_layout.Components.Length);
    }

    public JpegWriterOptions Options { get; }

    /// <summary>Returns the coefficient memory to the pool; the encoder cannot be used afterwards.</summary>
    public void Dispose() => _store.Dispose();

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_store.IsDisposed, this);

    public int Width => _layout.Width;

    public int Height => _layout.Height;

    internal FrameLayout Layout => _layout;

    /// <summary>The walk the RD writer's standard files are measured by (box chroma, errors as decoded; tests read it).</summary>
    internal QuantizationPass StandardPass => _rdStandardPass;

    /// <summary>A standard encode at libjpeg quality 1..100 with the Annex K tables, ignoring importance.</summary>
    public JpegEncodeResult EncodeUniform(int quality)
    {
        ThrowIfDisposed();
        quality = Math.Clamp(quality, 1, 100);
        double s = QuantizationTables.LibjpegScale(quality);
        var data = Encode(QuantPlan.Create(s, s));
        return new JpegEncodeResult(data, quality, quality, quality, 0);
    }

    /// <summary>
    /// Importance 1 at <paramref name="salientQuality"/>, importance 0 at <paramref name="backgroundQuality"/>,
    /// geometric interpolation of the quantiser scale in between (by importance^ImportanceExponent). The file's tables are those of the higher quality.
    /// </summary>
    public JpegEncodeResult EncodeRegions(int salientQuality, int backgroundQuality)
    {
        ThrowIfDisposed();
        salientQuality = Math.Clamp(salientQuality, 1, 100);
        backgroundQuality = Math.Clamp(backgroundQuality, 1, 100);
        var plan = QuantPlan.Create(QuantizationTables.LibjpegScale(salientQuality), QuantizationTables.LibjpegScale(backgroundQuality), exponent: Options.ImportanceExponent);
        var data = Encode(plan);
        return new JpegEncodeResult(data, Math.Max(salientQuality, backgroundQuality), salientQuality, backgroundQuality, 0);
    }

    /// <summary>
    /// The file of at most <paramref name="targetBytes"/>, normally at least 99 % of it, that spends the bytes by
    /// importance as far as keeps the whole image as good as the standard JPEG of that size:
    /// <see cref="EncodeOptimized"/> with the automatic strength. If even the smallest file (DC only) is too big,
    /// that file is returned with <see cref="JpegEncodeResult.TargetMet"/> false; if the target exceeds what the
    /// finest tables need, the largest file.
    /// </summary>
    public JpegEncodeResult EncodeToSize(long targetBytes) => EncodeOptimized(targetBytes);

    /// <summary>
    /// The RD writer (see README-encoder.md): the file of at most <paramref name="targetBytes"/>, normally at
    /// least 99 % of it, whose levels minimise <c>sum_b (a_b + k p_b) D_b + lambda R</c>, p_b the block's importance and a_b its
    /// perceptual factor.
    /// <paramref name="strength"/> is k (0: a plain RD-optimised JPEG); null chooses the largest k whose
    /// whole-image error is at most that of the standard JPEG at <paramref name="referenceQuality"/>, or, without
    /// one, of the standard JPEG of the target's size.
    /// </summary>
    public JpegEncodeResult EncodeOptimized(long targetBytes, double? strength = null, int? referenceQuality = null)
    {
        ThrowIfDisposed();
        if (targetBytes <= 0) throw new ArgumentOutOfRangeException(nameof(targetBytes), "The target must be positive.");
        if (strength is < 0 or double.NaN) throw new ArgumentOutOfRangeException(nameof(strength), "The strength must be 0 or more.");
        // Two files are held to the reference's MS-SSIM: the automatic strength's, and a file that favours no subject,
        // whose finer chroma (RdTables.NoSubjectChromaScale) can take the luma bits that keep it on a strongly
        // coloured photo (it is then landed again with the tables' own chroma, RdRateController). Other fixed
        // strengths need no check; a picture above MaxPixels gets the proxy.
        double chroma = ChromaScaleFor(strength);
        bool automatic = strength is null && !_pass.Weights.NothingStandsOut;
        var original = automatic || chroma != 1.0 ? _pass.Weights.OriginalLuma : null;
        var msssim = original is null ? null : new MsSsimCheck(_layout, original);
        var (result, excess, resume) = Optimize(_rdPass, _rdStandardPass, msssim, targetBytes, strength, referenceQuality, chroma);
        if (excess > 0 && !ReferenceEquals(_rdPass, _pass)) // NaN (nothing measured) for a fixed strength
        {
            // The search ended with the bound missed: the fitted chroma's detail, worth coding, took luma bits
            // (on a strongly coloured photo even k = 0 misses the standard's MS-SSIM). The chroma is a choice like
            // the rest: the box average is tried too, and the file closer to the bound kept. Where even k = 0 missed,
            // that search starts there; where the first ran out of corrections above the bound, it searches afresh
            // (resumed there, it stopped at that k, which kept the bound with box chroma: 0.16 dB less in the subject
            // on coffee, hotel and pagoda at Q75 than a fresh search).
            var (box, boxExcess, _) = Optimize(_pass, _pass, msssim, targetBytes, strength, referenceQuality, chroma,
                result.Strength <= 0 ? resume : null);
            if (boxExcess < excess) result = box;
        }
        return result;
    }

    /// <summary>
    /// The RD file coded by <paramref name="writer"/> and held to the standard file measured by <paramref name="standard"/>,
    /// its bound, and where its search ended; <paramref name="chromaScale"/>: the chroma table's scale relative to luma's;
    /// <paramref name="resume"/>: start the strength search there.
    /// </summary>
    private (JpegEncodeResult Result, double BoundExcess, RdRateController.ResumePoint Resume) Optimize(QuantizationPass writer,
        QuantizationPass standard, MsSsimCheck? msssim, long targetBytes, double? strength, int? referenceQuality,
        double chromaScale, RdRateController.ResumePoint? resume = null)
    {
        var reference = new StandardReference(this, standard, msssim);
        var errors = referenceQuality is int q ? reference.AtQuality(q) : reference.AtSize(targetBytes);
        var settings = new RdWriterSettings(Options.TableShape, Options.LambdaFactor, errors.Scale, chromaScale);
        using var controller = new RdRateController(this, writer, settings, targetBytes, msssim);
        var result = controller.Run(strength, errors, resume);
        return (result, controller.BoundExcess, controller.Resume(result));
    }

    /// <summary>
    /// The chroma table's scale relative to luma's: finer (<see cref="RdTables.NoSubjectChromaScale"/>) when the file
    /// favours no subject (strength 0, or a map where nothing stands out), the tables' own otherwise and for a
    /// greyscale frame (which has no chroma to refine, nor an MS-SSIM check to pay for it).
    /// </summary>
    private double ChromaScaleFor(double? strength) =>
        _layout.Components.Length > 1 && (strength == 0 || _pass.Weights.NothingStandsOut) ? RdTables.NoSubjectChromaScale : 1.0;

    /// <summary>
    /// One RD encode with fixed tables (libjpeg quality <paramref name="quality"/>, the RD table shape) and
    /// strength: a pass priced with the Annex K code lengths, a second priced with the first's optimal tables,
    /// then the write (mozjpeg's trellis passes work the same way). No rate control.
    /// </summary>
    public JpegEncodeResult EncodeOptimizedAtQuality(int quality, double strength = 0)
    {
        ThrowIfDisposed();
        double scale = Math.Max(QuantizationTables.MinScale, QuantizationTables.LibjpegScale(Math.Clamp(quality, 1, 100)));
        HuffmanSpec[] dc = [StandardHuffmanTables.LumaDc, StandardHuffmanTables.ChromaDc];
        HuffmanSpec[] ac = [StandardHuffmanTables.LumaAc, StandardHuffmanTables.ChromaAc];
        using var q = new QuantizedImage(_layout);
        var stats = new SymbolStatistics();
        double chroma = ChromaScaleFor(strength);
        RdPlan plan = null!;
        for (int i = 0; i < 2; i++)
        {
            plan = RdPlan.Create(scale, Options.TableShape, Options.LambdaFactor, dc, ac, chroma);
            _rdPass.Run(new TrellisBlockQuantizer(plan, _pass.Weights, strength, _layout), q, stats);
            (dc, ac) = Tables(stats);
        }
        return new JpegEncodeResult(Write(plan.Tables, q, stats), quality, quality, quality, 2) { Strength = strength };
    }

    /// <summary>
    /// Quantises every block with the plan's dead zone (plain rounding where the plan has one quality) and
    /// gathers Huffman statistics. <paramref name="rowStep"/>: 1 = every MCU row (needed before writing); n =
    /// only every n-th row, for a quick estimate.
    /// </summary>
    internal void Quantize(QuantPlan plan, QuantizedImage output, SymbolStatistics stats, int rowStep = 1) =>
        _pass.Run(new DeadZoneQuantizer(plan, _levels, _simd), output, stats, rowStep, measure: false);

    /// <summary>The Huffman tables a file with these statistics gets (optimal or Annex K).</summary>
    internal (HuffmanSpec[] Dc, HuffmanSpec[] Ac) Tables(SymbolStatistics stats)
    {
        int n = _layout.IsGrey ? 1 : 2;
        if (!Options.OptimizeHuffman)
            return ([StandardHuffmanTables.LumaDc, StandardHuffmanTables.ChromaDc], [StandardHuffmanTables.LumaAc, StandardHuffmanTables.ChromaAc]);
        var dc = new HuffmanSpec[n];
        var ac = new HuffmanSpec[n];
        for (int t = 0; t < n; t++)
        {
            dc[t] = HuffmanOptimizer.Build(stats.Dc[t]);
            ac[t] = HuffmanOptimizer.Build(stats.Ac[t]);
        }
        return (dc, ac);
    }

    /// <summary>
    /// File size these statistics give, exact except for the 0x00 bytes stuffed after 0xFF data bytes and the
    /// padding before restart markers, both of which <paramref name="stuffingRate"/> and an average stand for.
    /// </summary>
    internal double EstimateBytes(SymbolStatistics stats, double stuffingRate)
    {
        var (dc, ac) = Tables(stats);
        int n = _layout.IsGrey ? 1 : 2;
        long scanBits = stats.ScanBits(dc, ac, n);
        double scanBytes = (scanBits / 8.0 + stats.RestartMarkers * (2 + 0.44)) / stats.Coverage;
        return _fixedHeaderBytes + MarkerWriter.DhtBytes(dc, ac, n) + scanBytes * (1 + stuffingRate) + 0.5;
    }

    internal byte[] Encode(QuantPlan plan)
    {
        using var q = new QuantizedImage(_layout);
        var stats = new SymbolStatistics();
        Quantize(plan, q, stats);
        return Write(plan, q, stats);
    }

    internal byte[] Write(QuantPlan plan, QuantizedImage q, SymbolStatistics stats) => Write(plan.Tables, q, stats);

    internal byte[] Write(ushort[][] tables, QuantizedImage q, SymbolStatistics stats)
    {
        if (Options.Progressive)
            return Progressive.BaselineFallback.Choose(Progressive.ProgressiveJpegWriter.Write(_layout, tables, q, Options), () => WriteBaseline(tables, q, stats));
        return WriteBaseline(tables, q, stats);
    }

    internal byte[] WriteBaseline(QuantPlan plan, QuantizedImage q, SymbolStatistics stats) => WriteBaseline(plan.Tables, q, stats);

    internal byte[] WriteBaseline(ushort[][] tables, QuantizedImage q, SymbolStatistics stats)
    {
        var (dc, ac) = Tables(stats);
        return JpegFrameWriter.WriteBaseline(_layout, tables, Options, q, dc, ac, stats.ScanBits(dc, ac, _layout.IsGrey ? 1 : 2));
    }

    /// <summary>The dead zone's importance level (0..QuantPlan.Levels-1) of every block, from its priority.</summary>
    private static byte[][] DeadZoneLevels(BlockWeights weights)
    {
        var result = new byte[weights.Priority.Length][];
        for (int c = 0; c < result.Length; c++)
            result[c] = weights.Priority[c].Select(v => (byte)Math.Round(Math.Clamp(v, 0f, 1f) * (QuantPlan.Levels - 1))).ToArray();
        return result;
    }
}
