using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using SemanticJpeg.Jpeg.Components;

namespace SemanticJpeg.Jpeg;

/// <summary>What one quantisation pass measured (over the MCU rows it visited).</summary>
/// <param name="Distortion">RGB squared error (sum over the visited blocks).</param>
/// <param name="Structural">
/// Luma error of each block relative to its own contrast, <c>sum_b mse_b / (2 var_b + C2)</c>: the first-order
/// loss of SSIM's contrast-structure term (C2 = (0.03 * 255)^2 as in SSIM). Error in a flat block costs
/// structure; the same error in texture is masked. The rate controller holds this to the standard JPEG's too,
/// so the subject's gain is not paid for with a structurally worse picture (MS-SSIM).
/// </param>
internal readonly record struct PassResult(double Distortion, double Structural);

/// <summary>
/// One walk over the stored DCT coefficients in scan order: every block quantised by a
/// <see cref="BlockQuantizer"/> strategy (plain rounding, dead zone or the RD trellis), its levels stored, its
/// symbols counted and its squared error added up. Rate control calls this many times with different plans;
/// only the quantisation changes. Distortion is reported as RGB squared error
/// (<see cref="RdPlan.CoefficientWeights"/>) and as structural error (luma, relative to each block's contrast).
/// </summary>
internal sealed class QuantizationPass
{
    /// <summary>MCUs per run of a sampled pass: long enough that DC prediction and zero runs behave as in the file.</summary>
    public const int SampleRun = 4;

    private readonly FrameLayout _layout;
    private readonly float[][] _coefficients;
    private readonly int _restartInterval;
    private readonly float[][] _measuredAgainst;
    private readonly double _subsamplingErrorPerMcu;
    private readonly float[][] _coefficientWeights;

    /// <param name="layout">The frame's geometry.</param>
    /// <param name="coefficients">The stored coefficients the pass quantises ([component][block * 64 + zig-zag]).</param>
    /// <param name="weights">The blocks' weights.</param>
    /// <param name="restartInterval">Restart interval in MCUs (0: none).</param>
    /// <param name="measuredAgainst">
    /// The coefficients the error is measured against, where they are not those quantised: a standard file's
    /// box-averaged chroma is measured against the chroma fitted to the upsampler, which (with
    /// <paramref name="subsamplingErrorPerMcu"/>) is its whole error as decoded (<see cref="FittedChroma"/>).
    /// Null: <paramref name="coefficients"/>.
    /// </param>
    /// <param name="subsamplingErrorPerMcu">
    /// The RGB squared error no subsampled chroma can remove, per MCU (<see cref="FittedChroma.ResidualPerMcu"/>),
    /// added for every MCU visited, so that a pass's distortion is the file's whole error; 0: none counted.
    /// </param>
    public QuantizationPass(FrameLayout layout, float[][] coefficients, BlockWeights weights, int restartInterval,
        float[][]? measuredAgainst = null, double subsamplingErrorPerMcu = 0)
    {
        _layout = layout;
        _coefficients = coefficients;
        _measuredAgainst = measuredAgainst ?? coefficients;
        _restartInterval = restartInterval;
        _subsamplingErrorPerMcu = subsamplingErrorPerMcu;
        _coefficientWeights = RdPlan.CoefficientWeights(layout);
        Weights = weights;
    }

    /// <summary>The blocks' priorities, perceptual factors and masking.</summary>
    public BlockWeights Weights { get; }

    /// <param name="quantizer">How each block's levels are chosen (and the file tables they are chosen against).</param>
    /// <param name="output">Receives the chosen levels and non-zero masks.</param>
    /// <param name="stats">Receives the symbol counts.</param>
    /// <param name="sampleStep">1: every MCU; n: one MCU in n (runs of <see cref="SampleRun"/>), for a quick estimate.</param>
    /// <param name="measure">
    /// False: the caller needs only levels and counts (a fixed-quality encode), so the per-coefficient error is
    /// not computed; the result's errors are then 0.
    /// </param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public PassResult Run(BlockQuantizer quantizer, QuantizedImage output, SymbolStatistics stats, int sampleStep = 1, bool measure = true)
    {
        stats.Clear();
        var comps = _layout.Components;
        Span<float> weightedSteps = stackalloc float[64 * comps.Length];
        var masking = Weights.Masking;
        Span<int> lastDc = stackalloc int[comps.Length];
        lastDc.Clear();
        Span<float> x = stackalloc float[64];
        Span<float> reference = stackalloc float[64];
        var sink = stats.Sink();
        int visited = 0;
        double distortion = 0, structural = 0;
        bool stepValues = measure || quantizer.ReadsStepValues;
        for (int c = 0; c < comps.Length; c++)
        {
            // Squared error in file steps times this is the RGB squared error the coefficient makes decoded.
            var step2 = quantizer.StepSquared[comps[c].Table];
            var cw = _coefficientWeights[c];
            for (int k = 0; k < 64; k++) weightedSteps[c * 64 + k] = step2[k] * cw[k];
        }
        for (int my = 0, mcu = 0; my < _layout.McusHigh; my++)
        {
            for (int mx = 0; mx < _layout.McusWide; mx++, mcu++)
            {
                if (sampleStep > 1)
                {
                    // A sample of runs of MCUs on a diagonal lattice, so every part of the picture is in it.
                    if ((mx / SampleRun + my) % sampleStep != 0) continue;
                    if (mx % SampleRun == 0) SeedPrediction(quantizer, my, mx, lastDc);
                }
                visited++;
                if (_restartInterval > 0 && mcu > 0 && mcu % _restartInterval == 0)
                {
                    sink.Restart();
                    lastDc.Clear();
                }
                for (int c = 0; c < comps.Length; c++)
                {
                    var comp = comps[c];
                    int t = comp.Table;
                    var coefs = _coefficients[c];
                    var against = _measuredAgainst[c];
                    bool elsewhere = measure && !ReferenceEquals(against, coefs);
                    var outLevels = output.Levels[c];
                    var outMasks = output.Masks[c];
                    var recip = quantizer.Reciprocals[t];
                    var step2 = weightedSteps.Slice(c * 64, 64);
                    int dcSlot = ScanEncoder.DcSlot(t), acSlot = ScanEncoder.AcSlot(t);
                    for (int v = 0; v < comp.V; v++)
                    {
                        int row = (my * comp.V + v) * comp.BlocksWide;
                        for (int h = 0; h < comp.H; h++)
                        {
                            int b = row + mx * comp.H + h;
                            var dst = outLevels.AsSpan(b * 64, 64);
                            var coef = coefs.AsSpan(b * 64, 64);
                            if (stepValues) ToSteps(coef, recip, x);
                            ulong mask = quantizer.Quantize(c, b, coef, x, lastDc[c], dst);
                            outMasks[b] = mask;
                            if (measure)
                            {
                                if (elsewhere) ToSteps(against.AsSpan(b * 64, 64), recip, reference);
                                double e = RdBlockQuantizer.SquaredError(elsewhere ? reference : x, dst, step2);
                                distortion += e;
                                if (c == 0) structural += e * masking[b];
                            }
                            lastDc[c] = ScanEncoder.Code(ref sink, dst, mask, lastDc[c], dcSlot, acSlot);
                        }
                    }
                }
            }
        }
        stats.Add(sink);
        if (measure) distortion += _subsamplingErrorPerMcu * visited;
        stats.Coverage = visited / (double)(_layout.McusHigh * _layout.McusWide);
        return new PassResult(distortion, structural);
    }

    /// <summary><paramref name="x"/>[k] = coef[k] * recip[k]: the block in file steps.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ToSteps(ReadOnlySpan<float> coef, ReadOnlySpan<float> recip, Span<float> x)
    {
        if (Vector256.IsHardwareAccelerated && coef.Length >= 64 && recip.Length >= 64 && x.Length >= 64)
        {
            ref float c = ref MemoryMarshal.GetReference(coef);
            ref float r = ref MemoryMarshal.GetReference(recip);
            ref float d = ref MemoryMarshal.GetReference(x);
            for (nuint i = 0; i < 64; i += 8)
                (Vector256.LoadUnsafe(ref c, i) * Vector256.LoadUnsafe(ref r, i)).StoreUnsafe(ref d, i);
            return;
        }
        for (int k = 0; k < 64; k++) x[k] = coef[k] * recip[k];
    }

    /// <summary>
    /// Before a sampled run: each component's DC predictor as the file has it there, the rounded DC of the
    /// block just before the run in scan order (the trellis keeps DC within a step of rounding), so the run's
    /// first DC difference is priced like the file's, not against a block far away.
    /// </summary>
    private void SeedPrediction(BlockQuantizer quantizer, int my, int mx, Span<int> lastDc)
    {
        var comps = _layout.Components;
        for (int c = 0; c < comps.Length; c++)
        {
            var comp = comps[c];
            int b;
            if (mx > 0) b = (my * comp.V + comp.V - 1) * comp.BlocksWide + mx * comp.H - 1;
            else if (my > 0) b = ((my - 1) * comp.V + comp.V - 1) * comp.BlocksWide + _layout.McusWide * comp.H - 1;
            else { lastDc[c] = 0; continue; }
            lastDc[c] = (int)MathF.Round(_coefficients[c][b * 64] * quantizer.Reciprocals[comp.Table][0]);
        }
    }
}
