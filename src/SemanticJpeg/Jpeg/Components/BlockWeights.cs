namespace SemanticJpeg.Jpeg.Components;

/// <summary>
/// What the RD writer weighs each block's error by, apart from the strength: the block's priority p_b
/// (importance in [0, 1]; for the semantic encoder the saliency map's block mean) and its perceptual factor
/// a_b. For luma a_b is per coefficient, from the multi-scale structural cost (<see cref="LumaWeights"/>); a
/// chroma block takes the mean of the single-scale factors of the luma blocks it covers (its error spreads over
/// all of their pixels). Also the luma blocks' single-scale contrast masking, which the rate controller's
/// sampled search uses as its structural proxy (its whole-image passes measure MS-SSIM itself).
/// </summary>
internal sealed class BlockWeights
{
    /// <summary>SSIM's C2 for 8-bit samples: (K2 L)^2 with K2 = 0.03, L = 255.</summary>
    internal const double C2 = 0.03 * 255 * 0.03 * 255;

    /// <summary>
    /// Share of contrast-relative error in a_b (see <see cref="PerceptualWeights"/>, <see cref="LumaWeights"/>).
    /// Measured at equal size with no map: 0 (pure squared error) maximises PSNR but loses MS-SSIM and
    /// butteraugli against a standard JPEG; 0.8 keeps both at or above mozjpeg's while PSNR stays 0.6 to 1.1 dB
    /// above libjpeg's. With a map, 0.6 gives 0.1-0.2 dB less in the subject for as much more on the whole
    /// image, 0.9 about 0.2 dB less at Q30 and Q50 (kit masks: +1.09 / +1.31 / +1.87 dB against +1.27 / +1.52 /
    /// +1.85), and 1.0 (structure only) zeroes texture wholesale (both PSNRs fall below libjpeg's).
    /// </summary>
    internal const double Alpha = 0.8;

    /// <param name="layout">The frame.</param>
    /// <param name="lumaCoefficients">The stored luma coefficients (zig-zag, scaled DCT).</param>
    /// <param name="importance">The priorities' grid.</param>
    /// <param name="picture">The picture itself, whose luma MS-SSIM compares against.</param>
    public BlockWeights(FrameLayout layout, float[] lumaCoefficients, BlockImportance importance, Imaging.PixelImage picture)
    {
        Priority = ComponentPriorities(layout, importance, out float max);
        MaxPriority = max;
        MinPriority = Priority[0].Length == 0 ? 0 : Priority[0].Min();
        Masking = MaskingOf(layout, lumaCoefficients);
        Perceptual = PerceptualWeights(layout, Masking, Alpha);
        _originalLuma = new Lazy<Metrics.LumaPlane[]?>(() => (long)layout.Width * layout.Height > MsSsimCheck.MaxPixels ? null
            : Metrics.MsSsim.Pyramid(Metrics.LumaPlane.FromImage(picture)),
            LazyThreadSafetyMode.ExecutionAndPublication);
        // Only the RD trellis reads it: made on first use, so standard and fixed-quality encodes do not pay for it.
        _structure = new Lazy<(StructuralMasking, float)>(() =>
        {
            var y = layout.Components[0];
            var structure = new StructuralMasking(y.BlocksWide, y.BlocksHigh, lumaCoefficients, OriginalLuma);
            double sum = 0;
            for (int b = 0; b < y.BlockCount; b++) sum += structure.Mean(b);
            return (structure, (float)(Alpha * Math.Max(1, y.BlockCount) / Math.Max(1e-30, sum)));
        }, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    private readonly Lazy<Metrics.LumaPlane[]?> _originalLuma;

    /// <summary>
    /// The picture's own luma at each of MS-SSIM's scales, made on first use and
    /// shared by the structural cost and the whole-image MS-SSIM check; null above <see cref="MsSsimCheck.MaxPixels"/>
    /// (its planes would more than double the writer's memory).
    /// </summary>
    public IReadOnlyList<Metrics.LumaPlane>? OriginalLuma => _originalLuma.Value;

    /// <summary>
    /// The luma blocks' multi-scale structural cost (MS-SSIM's five scales, <see cref="StructuralMasking"/>) and
    /// alpha / its mean over the blocks, which normalises that part of <see cref="LumaWeights"/> to mean alpha.
    /// </summary>
    private readonly Lazy<(StructuralMasking Masking, float Scale)> _structure;

    /// <summary>
    /// The luma block's perceptual weight per coefficient (zig-zag): <c>(1 - alpha) + alpha s_bk / mean(s)</c>, s the
    /// multi-scale structural cost (<see cref="StructuralMasking"/>), so that error in a smooth region's low
    /// frequencies, which shows at every scale, is held finer than the same error in fine texture, which only
    /// the finest scale sees.
    /// </summary>
    public void LumaWeights(int block, Span<float> weights)
    {
        var (masking, scale) = _structure.Value;
        masking.Weights(block, weights, scale, (float)(1 - Alpha));
    }

    /// <summary>[component][block] p_b.</summary>
    public float[][] Priority { get; }

    /// <summary>[component][block] the single-scale a_b: what chroma blocks use (luma uses <see cref="LumaWeights"/>).</summary>
    public float[][] Perceptual { get; }

    /// <summary>[luma block] 1 / (64 (2 var_b + C2)): mean squared error relative to contrast, per unit of squared error.</summary>
    public float[] Masking { get; }

    /// <summary>Largest luma block priority (weights are relative to the block that has it).</summary>
    public float MaxPriority { get; }

    /// <summary>Smallest luma block priority: equal to <see cref="MaxPriority"/> when nothing stands out.</summary>
    public float MinPriority { get; }

    /// <summary>True when no block stands out (a uniform map): there is nothing to favour, so no strength.</summary>
    public bool NothingStandsOut => MaxPriority - MinPriority < 1e-3f;

    /// <summary>
    /// a_b = (1 - alpha) + alpha * m_b / mean(m): squared error blended with contrast-relative error, so flat
    /// blocks (where error shows as structure loss) are held finer than texture (which masks it). Chroma
    /// blocks take the mean of the luma blocks they cover.
    /// </summary>
    private static float[][] PerceptualWeights(FrameLayout layout, float[] masking, double alpha)
    {
        double mean = 0;
        foreach (var m in masking) mean += m;
        mean /= Math.Max(1, masking.Length);
        var luma = new float[masking.Length];
        for (int i = 0; i < luma.Length; i++) luma[i] = (float)((1 - alpha) + alpha * masking[i] / mean);
        return PerComponent(layout, luma);
    }

    /// <summary>
    /// A per-luma-block quantity for every component: luma as it is, each chroma block the mean over the luma
    /// blocks it covers (the chroma block's error spreads over all of their pixels).
    /// </summary>
    private static float[][] PerComponent(FrameLayout layout, float[] luma)
    {
        var result = new float[layout.Components.Length][];
        result[0] = luma;
        var y = layout.Components[0];
        for (int c = 1; c < result.Length; c++)
        {
            var comp = layout.Components[c];
            int fx = layout.MaxH, fy = layout.MaxV;
            var p = new float[comp.BlockCount];
            for (int by = 0; by < comp.BlocksHigh; by++)
            for (int bx = 0; bx < comp.BlocksWide; bx++)
            {
                float sum = 0;
                for (int j = 0; j < fy; j++)
                for (int i = 0; i < fx; i++)
                    sum += luma[(by * fy + j) * y.BlocksWide + bx * fx + i];
                p[by * comp.BlocksWide + bx] = sum / (fx * fy);
            }
            result[c] = p;
        }
        return result;
    }

    /// <summary>Per luma block 1 / (64 (2 var + C2)), the variance from the AC energy (Parseval).</summary>
    private static float[] MaskingOf(FrameLayout layout, float[] coefficients)
    {
        int n = layout.Components[0].BlockCount;
        var zz = ZigZag.ToNatural;
        Span<float> inverseScale = stackalloc float[64];
        for (int k = 0; k < 64; k++) inverseScale[k] = (float)(1.0 / FloatDct.ScaleFactor(zz[k]));
        var result = new float[n];
        for (int b = 0; b < n; b++)
        {
            var c = coefficients.AsSpan(b * 64, 64);
            double energy = 0;
            for (int k = 1; k < 64; k++)
            {
                double v = c[k] * inverseScale[k];
                energy += v * v;
            }
            result[b] = (float)(1.0 / (64.0 * (2.0 * energy / 64.0 + C2)));
        }
        return result;
    }

    /// <summary>Luma priorities from the importance grid (resampled if it is another size), chroma as means.</summary>
    private static float[][] ComponentPriorities(FrameLayout layout, BlockImportance importance, out float max)
    {
        var (gridW, gridH) = BlockImportance.GridSize(layout.Width, layout.Height);
        float Luma(int bx, int by)
        {
            bx = Math.Min(bx, gridW - 1);
            by = Math.Min(by, gridH - 1);
            int ix = importance.BlocksWide == gridW ? bx : (int)((long)bx * importance.BlocksWide / gridW);
            int iy = importance.BlocksHigh == gridH ? by : (int)((long)by * importance.BlocksHigh / gridH);
            return importance[ix, iy];
        }

        var y = layout.Components[0];
        var luma = new float[y.BlockCount];
        max = 0;
        for (int by = 0; by < y.BlocksHigh; by++)
        for (int bx = 0; bx < y.BlocksWide; bx++)
        {
            float v = Luma(bx, by);
            luma[by * y.BlocksWide + bx] = v;
            max = Math.Max(max, v);
        }
        return PerComponent(layout, luma);
    }
}
