using System.Runtime.CompilerServices;
using SemanticJpeg.Jpeg.Components;

namespace SemanticJpeg.Jpeg;

/// <summary>What one quantisation pass measured (over the MCU rows it visited).</summary>
/// <param name="Distortion">RGB squared error (sum over the visited blocks).</param>
/// <param name="WeightedDistortion">The same, each block's error times its weight w_b.</param>
/// <param name="Structural">
/// Luma error of each block relative to its own contrast, <c>sum_b mse_b / (2 var_b + C2)</c>: the first-order
/// loss of SSIM's contrast-structure term (C2 = (0.03 * 255)^2 as in SSIM). Error in a flat block costs
/// structure; the same error in texture is masked. The rate controller holds this to the standard JPEG's too,
/// so the subject's gain is not paid for with a structurally worse picture (MS-SSIM).
/// </param>
/// <param name="Coverage">Fraction of the MCU rows visited.</param>
internal readonly record struct PassResult(double Distortion, double WeightedDistortion, double Structural, double Coverage);

/// <summary>
/// One walk over the stored DCT coefficients in scan order: every block quantised (plain rounding, or the RD
/// trellis with the block's weight), its levels stored, its symbols counted and its squared error added up.
/// The rate controller calls this many times with different plans; only the quantisation changes.
/// </summary>
/// <remarks>
/// Per-block weights: <c>w_b = 1 + strength * p_b</c>, p_b the block's priority in [0, 1] (for the semantic
/// encoder, the saliency map's block mean), relative to the largest weight in the image, so the most important
/// block sees the plan's lambda and every other block a larger one. A chroma block's priority is the mean over
/// the luma blocks it covers (its error spreads over all of their pixels). Distortion is reported as RGB squared
/// error (<see cref="RdPlan.ComponentWeight"/>), plain and weighted by w_b.
/// </remarks>
internal sealed class RdQuantizationPass
{
    private readonly FrameLayout _layout;
    private readonly float[][] _coefficients;
    private readonly float[][] _priority;      // [component][block]
    private readonly float _maxPriority;
    private readonly float[] _masking;         // [luma block] 1 / (64 (2 var_b + C2))
    private readonly int _restartInterval;

    /// <summary>SSIM's C2 for 8-bit samples: (K2 L)^2 with K2 = 0.03, L = 255.</summary>
    private const double C2 = 0.03 * 255 * 0.03 * 255;

    public RdQuantizationPass(FrameLayout layout, float[][] coefficients, BlockImportance priority, int restartInterval)
    {
        _layout = layout;
        _coefficients = coefficients;
        _restartInterval = restartInterval;
        _priority = ComponentPriorities(layout, priority, out _maxPriority);
        _minPriority = _priority[0].Length == 0 ? 0 : _priority[0].Min();
        _masking = Masking(layout, coefficients[0]);
        _perceptual = PerceptualWeights(layout, _masking, Alpha);
    }

    /// <summary>
    /// Share of contrast-relative error in the per-block weight (see <see cref="PerceptualWeights"/>). Measured at
    /// equal size with no map: 0 (pure squared error) maximises PSNR but loses MS-SSIM and butteraugli against
    /// a standard JPEG; 0.8 keeps both at or above mozjpeg's while PSNR stays 0.8 dB above libjpeg's.
    /// </summary>
    internal const double Alpha = 0.8;

    private readonly float[][] _perceptual;    // [component][block] a_b

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
    private static float[] Masking(FrameLayout layout, float[] coefficients)
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

    /// <summary>Largest luma block priority (weights are relative to the block that has it).</summary>
    public float MaxPriority => _maxPriority;

    /// <summary>Smallest luma block priority: equal to <see cref="MaxPriority"/> when nothing stands out.</summary>
    public float MinPriority => _minPriority;

    private readonly float _minPriority;

    /// <param name="plan">Tables, lambda and code lengths.</param>
    /// <param name="strength">k in w_b = 1 + k p_b; 0 ignores the priorities (a plain RD-optimised JPEG).</param>
    /// <param name="rdo">False: plain rounding with the plan's tables (a standard JPEG's choice of levels).</param>
    /// <param name="output">Receives the chosen levels and non-zero masks.</param>
    /// <param name="stats">Receives the symbol counts.</param>
    /// <param name="rowStep">1: every MCU row; n: every n-th row, for a quick estimate.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public PassResult Run(RdPlan plan, double strength, bool rdo, QuantizedImage output, SymbolStatistics stats, int rowStep = 1)
    {
        stats.Clear();
        var comps = _layout.Components;
        int area = _layout.MaxH * _layout.MaxV;
        Span<int> lastDc = stackalloc int[comps.Length];
        lastDc.Clear();
        Span<float> x = stackalloc float[64];
        Span<float> weight = stackalloc float[64];
        ReadOnlySpan<float> half = Half;
        long extra = 0;
        int markers = 0, rows = 0;
        double distortion = 0, weighted = 0, structural = 0;
        double wMax = 1 + strength * _maxPriority;
        for (int my = 0, mcu = 0; my < _layout.McusHigh; my++)
        {
            // Whole MCU rows, so DC prediction runs along its real neighbours.
            if (my % rowStep != 0)
            {
                mcu += _layout.McusWide;
                continue;
            }
            rows++;
            for (int mx = 0; mx < _layout.McusWide; mx++, mcu++)
            {
                if (_restartInterval > 0 && mcu > 0 && mcu % _restartInterval == 0)
                {
                    lastDc.Clear();
                    markers++;
                }
                for (int c = 0; c < comps.Length; c++)
                {
                    var comp = comps[c];
                    int t = comp.Table;
                    var coefs = _coefficients[c];
                    var prio = _priority[c];
                    var perceptual = _perceptual[c];
                    var outLevels = output.Levels[c];
                    var outMasks = output.Masks[c];
                    var recip = plan.Reciprocals[t];
                    var step2 = plan.StepSquared[t];
                    var baseWeight = plan.BaseWeights[t];
                    var acBits = plan.AcBits[t];
                    var dcBits = plan.DcBits[t];
                    var dcCounts = stats.Dc[t];
                    var acCounts = stats.Ac[t];
                    float cw = RdPlan.ComponentWeight(c, c == 0 ? 1 : area);
                    for (int v = 0; v < comp.V; v++)
                    {
                        int row = (my * comp.V + v) * comp.BlocksWide;
                        for (int h = 0; h < comp.H; h++)
                        {
                            int b = row + mx * comp.H + h;
                            var dst = outLevels.AsSpan(b * 64, 64);
                            var coef = coefs.AsSpan(b * 64, 64);
                            for (int k = 0; k < 64; k++) x[k] = coef[k] * recip[k];
                            double wb = 1 + strength * prio[b];
                            ulong mask;
                            if (rdo)
                            {
                                float rel = (float)(wb / wMax) * cw * perceptual[b];
                                for (int k = 0; k < 64; k++) weight[k] = baseWeight[k] * rel;
                                mask = RdBlockQuantizer.Quantize(x, weight, acBits, dcBits, lastDc[c], dst);
                            }
                            else
                            {
                                mask = Quantizer.Quantize(coef, recip, half, dst, allowSimd: true);
                            }
                            outMasks[b] = mask;
                            double e = RdBlockQuantizer.SquaredError(x, dst, step2);
                            double d = e * cw;
                            distortion += d;
                            weighted += d * wb;
                            if (c == 0) structural += e * _masking[b];
                            lastDc[c] = ScanEncoder.Count(dst, mask, lastDc[c], dcCounts, acCounts, ref extra);
                        }
                    }
                }
            }
        }
        stats.ExtraBits = extra;
        stats.RestartMarkers = markers;
        stats.Coverage = rows / (double)_layout.McusHigh;
        return new PassResult(distortion, weighted, structural, stats.Coverage);
    }

    /// <summary>Plain rounding everywhere (0 for DC, which has no threshold).</summary>
    private static readonly float[] Half = CreateHalf();

    private static float[] CreateHalf()
    {
        var t = new float[64];
        Array.Fill(t, 0.5f);
        t[0] = 0f;
        return t;
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
