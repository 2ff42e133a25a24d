using System.Runtime.CompilerServices;
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
public sealed class RegionQualityEncoder : IDisposable
{
    private readonly FrameLayout _layout;
    private float[][] _coefficients;          // [component][block * 64 + zig-zag], raw AAN-scaled DCT output (pooled)
    private readonly byte[][] _levels;        // [component][block] importance level 0..QuantPlan.Levels-1
    private readonly BlockImportance _importance;
    private readonly int _fixedHeaderBytes;   // every marker byte except the DHT segments
    private readonly bool _simd;

    private static readonly byte[] LumaMinBits = TrellisQuantizer.MinCodeBits(StandardHuffmanTables.LumaAc.Lengths);
    private static readonly byte[] ChromaMinBits = TrellisQuantizer.MinCodeBits(StandardHuffmanTables.ChromaAc.Lengths);

    /// <summary>Plain rounding everywhere (0 for DC, which has no threshold).</summary>
    private static readonly float[] HalfThresholds = CreateHalfThresholds();

    private static float[] CreateHalfThresholds()
    {
        var t = new float[64];
        Array.Fill(t, 0.5f);
        t[0] = 0f;
        return t;
    }

    public RegionQualityEncoder(PixelImage image, BlockImportance importance, JpegWriterOptions options)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(importance);
        ArgumentNullException.ThrowIfNull(options);
        if (image.Width > 65535 || image.Height > 65535)
            throw new ArgumentOutOfRangeException(nameof(image), "Baseline JPEG is limited to 65535x65535 pixels.");
        if (options.RestartInterval is < 0 or > 65535)
            throw new ArgumentOutOfRangeException(nameof(options), "RestartInterval must be 0..65535.");
        if (!(options.RegionSpread >= 1))
            throw new ArgumentOutOfRangeException(nameof(options), "RegionSpread must be at least 1.");
        if (!(options.ImportanceExponent > 0))
            throw new ArgumentOutOfRangeException(nameof(options), "ImportanceExponent must be positive.");

        Options = options;
        _simd = !options.ForceScalar;
        _layout = new FrameLayout(image.Width, image.Height, image.IsGrey, options.Subsampling);
        _coefficients = TransformAll(image);
        _levels = ImportanceLevels(importance);
        _importance = importance;
        _fixedHeaderBytes = MeasureFixedHeaders();
    }

    public JpegWriterOptions Options { get; }

    /// <summary>Returns the coefficient memory to the pool; the encoder cannot be used afterwards.</summary>
    public void Dispose()
    {
        var coefficients = _coefficients;
        _coefficients = [];
        foreach (var c in coefficients) System.Buffers.ArrayPool<float>.Shared.Return(c);
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_coefficients.Length == 0, this);

    public int Width => _layout.Width;

    public int Height => _layout.Height;

    internal FrameLayout Layout => _layout;

    /// <summary>A standard encode at libjpeg quality 1..100 with the Annex K tables, ignoring importance.</summary>
    public JpegEncodeResult EncodeUniform(int quality)
    {
        ThrowIfDisposed();
        quality = Math.Clamp(quality, 1, 100);
        double s = QuantizationTables.LibjpegScale(quality);
        var data = Encode(QuantPlan.Create(s, s), useTrellis: false);
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
        var data = Encode(plan, Options.Trellis);
        return new JpegEncodeResult(data, Math.Max(salientQuality, backgroundQuality), salientQuality, backgroundQuality, 0);
    }

    /// <summary>
    /// The best file of at most <paramref name="targetBytes"/>, normally at least 99 % of it, spending the bytes by
    /// importance (see README-encoder.md). If even the smallest setting is too big, that smallest file is returned
    /// with <see cref="JpegEncodeResult.TargetMet"/> false; if the target exceeds what Q100 needs, the Q100 file.
    /// </summary>
    public JpegEncodeResult EncodeToSize(long targetBytes)
    {
        ThrowIfDisposed();
        if (targetBytes <= 0) throw new ArgumentOutOfRangeException(nameof(targetBytes), "The target must be positive.");
        return new RateController(this, targetBytes).Run();
    }

    /// <summary>
    /// The RD writer (see README-encoder.md): the file of at most <paramref name="targetBytes"/>, normally at
    /// least 99 % of it, whose levels minimise <c>sum_b (1 + k p_b) D_b + lambda R</c>, p_b the block's importance.
    /// <paramref name="strength"/> is k (0: a plain RD-optimised JPEG); null chooses the largest k whose
    /// whole-image error is at most that of the standard JPEG at <paramref name="referenceQuality"/>, or, without
    /// one, of the standard JPEG of the target's size.
    /// </summary>
    public JpegEncodeResult EncodeOptimized(long targetBytes, double? strength = null, int? referenceQuality = null)
    {
        ThrowIfDisposed();
        if (targetBytes <= 0) throw new ArgumentOutOfRangeException(nameof(targetBytes), "The target must be positive.");
        if (strength is < 0 or double.NaN) throw new ArgumentOutOfRangeException(nameof(strength), "The strength must be 0 or more.");
        var pass = new RdQuantizationPass(_layout, _coefficients, _importance, Options.RestartInterval);
        var reference = new StandardReference(this, pass);
        var (full, sampled, scale) = referenceQuality is int q ? reference.AtQuality(q) : reference.AtSize(targetBytes);
        var settings = new RdWriterSettings(Options.TableShape, Options.LambdaFactor, scale);
        using var controller = new RdRateController(this, pass, settings, targetBytes);
        return controller.Run(strength, full, sampled);
    }

    /// <summary>
    /// One RD encode with fixed tables (libjpeg quality <paramref name="quality"/>, the RD table shape) and
    /// strength: a pass priced with the Annex K code lengths, a second priced with the first's optimal tables,
    /// then the write (mozjpeg's trellis passes work the same way). No rate control.
    /// </summary>
    public JpegEncodeResult EncodeOptimizedAtQuality(int quality, double strength = 0)
    {
        ThrowIfDisposed();
        var pass = new RdQuantizationPass(_layout, _coefficients, _importance, Options.RestartInterval);
        double scale = Math.Max(QuantizationTables.MinScale, QuantizationTables.LibjpegScale(Math.Clamp(quality, 1, 100)));
        HuffmanSpec[] dc = [StandardHuffmanTables.LumaDc, StandardHuffmanTables.ChromaDc];
        HuffmanSpec[] ac = [StandardHuffmanTables.LumaAc, StandardHuffmanTables.ChromaAc];
        using var q = new QuantizedImage(_layout);
        var stats = new SymbolStatistics();
        RdPlan plan = RdPlan.Create(scale, Options.TableShape, Options.LambdaFactor, dc, ac);
        for (int i = 0; i < 2; i++)
        {
            plan = RdPlan.Create(scale, Options.TableShape, Options.LambdaFactor, dc, ac);
            pass.Run(plan, strength, rdo: true, q, stats);
            (dc, ac) = Tables(stats);
        }
        return new JpegEncodeResult(Write(plan.Tables, q, stats), quality, quality, quality, 2) { Strength = strength };
    }

    /// <summary>
    /// Quantises every block (trellis or dead zone) and gathers Huffman statistics. <paramref name="rowStep"/>:
    /// 1 = every MCU row (needed before writing); n = only every n-th row, for a quick estimate.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void Quantize(QuantPlan plan, bool useTrellis, QuantizedImage output, SymbolStatistics stats, int rowStep = 1)
    {
        stats.Clear();
        var comps = _layout.Components;
        int restart = Options.RestartInterval;
        Span<int> lastDc = stackalloc int[comps.Length];
        lastDc.Clear();
        Span<float> x = stackalloc float[64];
        long extra = 0;
        int markers = 0, rows = 0;
        for (int my = 0, mcu = 0; my < _layout.McusHigh; my++)
        {
            // Sampling: whole MCU rows, so DC prediction runs along its real neighbours (diagonal samples overestimate).
            if (my % rowStep != 0)
            {
                mcu += _layout.McusWide;
                continue;
            }
            rows++;
            for (int mx = 0; mx < _layout.McusWide; mx++, mcu++)
            {
                if (restart > 0 && mcu > 0 && mcu % restart == 0)
                {
                    lastDc.Clear();
                    markers++;
                }
                for (int c = 0; c < comps.Length; c++)
                {
                    var comp = comps[c];
                    int t = comp.Table;
                    var coefs = _coefficients[c];
                    var levels = _levels[c];
                    var outLevels = output.Levels[c];
                    var outMasks = output.Masks[c];
                    var recip = plan.Reciprocals[t];
                    var thresholds = plan.Thresholds[t];
                    var weights = plan.TrellisWeights[t];
                    var acLengths = t == 0 ? StandardHuffmanTables.LumaAc.Lengths : StandardHuffmanTables.ChromaAc.Lengths;
                    var dcLengths = t == 0 ? StandardHuffmanTables.LumaDc.Lengths : StandardHuffmanTables.ChromaDc.Lengths;
                    var dcCounts = stats.Dc[t];
                    var acCounts = stats.Ac[t];
                    for (int v = 0; v < comp.V; v++)
                    {
                        int row = (my * comp.V + v) * comp.BlocksWide;
                        for (int h = 0; h < comp.H; h++)
                        {
                            int b = row + mx * comp.H + h;
                            int level = levels[b];
                            var dst = outLevels.AsSpan(b * 64, 64);
                            var coef = coefs.AsSpan(b * 64, 64);
                            ulong mask;
                            if (useTrellis && plan.UseTrellis[level])
                            {
                                Quantizer.Quantize(coef, recip, HalfThresholds, dst, _simd);
                                for (int k = 0; k < 64; k++) x[k] = coef[k] * recip[k];
                                var wt = weights.AsSpan(level * 64, 64);
                                mask = TrellisQuantizer.Quantize(x, wt, acLengths, dst, t == 0 ? LumaMinBits : ChromaMinBits);
                                dst[0] = TrellisQuantizer.ChooseDc(x[0], dst[0], lastDc[c], plan.DcStepRatio[t][level], wt[0], dcLengths);
                                mask = dst[0] != 0 ? mask | 1UL : mask & ~1UL;
                            }
                            else
                            {
                                mask = Quantizer.Quantize(coef, recip, thresholds.AsSpan(level * 64, 64), dst, _simd);
                            }
                            outMasks[b] = mask;
                            lastDc[c] = ScanEncoder.Count(dst, mask, lastDc[c], dcCounts, acCounts, ref extra);
                        }
                    }
                }
            }
        }
        stats.ExtraBits = extra;
        stats.RestartMarkers = markers;
        stats.Coverage = rows / (double)_layout.McusHigh;
    }

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

    internal byte[] Encode(QuantPlan plan, bool useTrellis)
    {
        using var q = new QuantizedImage(_layout);
        var stats = new SymbolStatistics();
        Quantize(plan, useTrellis, q, stats);
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
        int tableCount = _layout.IsGrey ? 1 : 2;
        var w = new BitWriter((int)Math.Min(int.MaxValue / 2, _fixedHeaderBytes + stats.ScanBits(dc, ac, tableCount) / 8 * 102 / 100 + 4096));
        WriteHeaders(w, tables, dc, ac);
        WriteScan(w, q, dc, ac);
        MarkerWriter.WriteEoi(w);
        return w.ToArray();
    }

    private void WriteHeaders(BitWriter w, ushort[][] tables, HuffmanSpec[] dc, HuffmanSpec[] ac)
    {
        int tableCount = _layout.IsGrey ? 1 : 2;
        MarkerWriter.WriteSoi(w);
        MarkerWriter.WriteApp0Jfif(w);
        MarkerWriter.WriteApp1Exif(w, Options.Exif);
        MarkerWriter.WriteApp2Icc(w, Options.IccProfile);
        for (int t = 0; t < tableCount; t++) MarkerWriter.WriteDqt(w, tables[t], t);
        MarkerWriter.WriteSof0(w, _layout);
        for (int t = 0; t < tableCount; t++)
        {
            MarkerWriter.WriteDht(w, dc[t], 0, t);
            MarkerWriter.WriteDht(w, ac[t], 1, t);
        }
        if (Options.RestartInterval > 0) MarkerWriter.WriteDri(w, Options.RestartInterval);
        MarkerWriter.WriteSos(w, _layout);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WriteScan(BitWriter w, QuantizedImage q, HuffmanSpec[] dc, HuffmanSpec[] ac)
    {
        var comps = _layout.Components;
        int restart = Options.RestartInterval;
        Span<int> lastDc = stackalloc int[comps.Length];
        lastDc.Clear();
        int rst = 0;
        for (int my = 0, mcu = 0; my < _layout.McusHigh; my++)
        {
            for (int mx = 0; mx < _layout.McusWide; mx++, mcu++)
            {
                if (restart > 0 && mcu > 0 && mcu % restart == 0)
                {
                    w.FlushBits();
                    MarkerWriter.WriteRst(w, rst++);
                    lastDc.Clear();
                }
                for (int c = 0; c < comps.Length; c++)
                {
                    var comp = comps[c];
                    var levels = q.Levels[c];
                    var masks = q.Masks[c];
                    var dcTable = dc[comp.Table];
                    var acTable = ac[comp.Table];
                    for (int v = 0; v < comp.V; v++)
                    {
                        int row = (my * comp.V + v) * comp.BlocksWide;
                        for (int h = 0; h < comp.H; h++)
                        {
                            int b = row + mx * comp.H + h;
                            lastDc[c] = ScanEncoder.Encode(w, levels.AsSpan(b * 64, 64), masks[b], lastDc[c], dcTable, acTable);
                        }
                    }
                }
            }
        }
        w.FlushBits();
    }

    private int MeasureFixedHeaders()
    {
        var w = new BitWriter(1024);
        var dummy = new ushort[64];
        int tableCount = _layout.IsGrey ? 1 : 2;
        var none = new HuffmanSpec[tableCount];
        MarkerWriter.WriteSoi(w);
        MarkerWriter.WriteApp0Jfif(w);
        MarkerWriter.WriteApp1Exif(w, Options.Exif);
        MarkerWriter.WriteApp2Icc(w, Options.IccProfile);
        for (int t = 0; t < tableCount; t++) MarkerWriter.WriteDqt(w, dummy, t);
        MarkerWriter.WriteSof0(w, _layout);
        if (Options.RestartInterval > 0) MarkerWriter.WriteDri(w, Options.RestartInterval);
        MarkerWriter.WriteSos(w, _layout);
        MarkerWriter.WriteEoi(w);
        return w.Length;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private float[][] TransformAll(PixelImage image)
    {
        int pw = _layout.PaddedWidth, ph = _layout.PaddedHeight;
        Plane[] planes = image.IsGrey
            ? [ColorConverter.GreyToPlane(image, pw, ph)]
            : ColorConverter.RgbToPlanes(image, pw, ph);
        var result = new float[planes.Length][];
        Span<float> block = stackalloc float[64];
        var zz = ZigZag.ToNatural;
        for (int c = 0; c < planes.Length; c++)
        {
            var comp = _layout.Components[c];
            var plane = c == 0 ? planes[0] : Downsampler.Downsample(planes[c], _layout.MaxH, _layout.MaxV);
            var coefs = System.Buffers.ArrayPool<float>.Shared.Rent(comp.BlockCount * 64);
            var data = plane.Data;
            int stride = plane.Width;
            for (int by = 0; by < comp.BlocksHigh; by++)
            {
                for (int bx = 0; bx < comp.BlocksWide; bx++)
                {
                    int src = by * 8 * stride + bx * 8;
                    for (int y = 0; y < 8; y++)
                        data.AsSpan(src + y * stride, 8).CopyTo(block.Slice(y * 8, 8));
                    FloatDct.Forward(block, _simd);
                    var dst = coefs.AsSpan((by * comp.BlocksWide + bx) * 64, 64);
                    for (int k = 0; k < 64; k++) dst[k] = block[zz[k]];
                }
            }
            result[c] = coefs;
            if (plane != planes[c]) plane.Return();
            planes[c].Return();
        }
        return result;
    }

    private byte[][] ImportanceLevels(BlockImportance importance)
    {
        var (gridW, gridH) = BlockImportance.GridSize(_layout.Width, _layout.Height);
        // A map made for another grid (e.g. a saliency map at a different size) is sampled nearest-neighbour.
        float Luma(int bx, int by)
        {
            bx = Math.Min(bx, gridW - 1);
            by = Math.Min(by, gridH - 1);
            int ix = importance.BlocksWide == gridW ? bx : (int)((long)bx * importance.BlocksWide / gridW);
            int iy = importance.BlocksHigh == gridH ? by : (int)((long)by * importance.BlocksHigh / gridH);
            return importance[ix, iy];
        }
        static byte ToLevel(float v) => (byte)Math.Round(Math.Clamp(v, 0f, 1f) * (QuantPlan.Levels - 1));

        var result = new byte[_layout.Components.Length][];
        for (int c = 0; c < result.Length; c++)
        {
            var comp = _layout.Components[c];
            // Luma blocks map 1:1; a chroma block takes the most important of the luma blocks it covers.
            int fx = c == 0 ? 1 : _layout.MaxH, fy = c == 0 ? 1 : _layout.MaxV;
            var levels = new byte[comp.BlockCount];
            for (int by = 0; by < comp.BlocksHigh; by++)
            for (int bx = 0; bx < comp.BlocksWide; bx++)
            {
                float v = 0;
                for (int j = 0; j < fy; j++)
                for (int i = 0; i < fx; i++)
                    v = Math.Max(v, Luma(bx * fx + i, by * fy + j));
                levels[by * comp.BlocksWide + bx] = ToLevel(v);
            }
            result[c] = levels;
        }
        return result;
    }
}
