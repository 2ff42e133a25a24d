using System.Numerics;
using System.Runtime.CompilerServices;

namespace SemanticJpeg.Jpeg.Components;

/// <summary>
/// How one block's levels are chosen; <see cref="QuantizationPass"/> walks the blocks and hands each to one of
/// these. Every strategy quantises against the file's tables (<see cref="Reciprocals"/>), so they differ only
/// in which integers they pick: plain rounding (a standard JPEG), a per-block dead zone (the fixed-quality
/// mode) or the RD trellis (the product's writer).
/// </summary>
internal abstract class BlockQuantizer
{
    /// <summary>[table][zig-zag] 1 / (table entry * DCT scale): coefficient times this is the value in file steps.</summary>
    public abstract float[][] Reciprocals { get; }

    /// <summary>[table][zig-zag] table entry squared: squared error in file steps times this is coefficient squared error.</summary>
    public abstract float[][] StepSquared { get; }

    /// <summary>True where <see cref="Quantize"/> reads the coefficients in file steps (the pass computes them only then, or to measure error).</summary>
    public virtual bool ReadsStepValues => false;

    /// <summary>Chooses the levels of block <paramref name="block"/> of component <paramref name="component"/>; returns the non-zero mask.</summary>
    /// <param name="component">The component index (0 = Y, 1 = Cb, 2 = Cr).</param>
    /// <param name="block">The block's index within its component.</param>
    /// <param name="coef">The stored (AAN-scaled) coefficients, zig-zag.</param>
    /// <param name="x">The same in file steps.</param>
    /// <param name="predictor">The component's previous DC level.</param>
    /// <param name="levels">Receives the 64 chosen levels, zig-zag.</param>
    public abstract ulong Quantize(int component, int block, ReadOnlySpan<float> coef, ReadOnlySpan<float> x, int predictor, Span<short> levels);
}

/// <summary>Plain rounding, as libjpeg: a standard JPEG's choice of levels.</summary>
internal sealed class RoundingQuantizer(float[][] reciprocals, float[][] stepSquared, bool simd) : BlockQuantizer
{
    private static readonly float[] Half = CreateHalf();

    public override float[][] Reciprocals => reciprocals;

    public override float[][] StepSquared => stepSquared;

    public override ulong Quantize(int component, int block, ReadOnlySpan<float> coef, ReadOnlySpan<float> x, int predictor, Span<short> levels) =>
        Quantizer.Quantize(coef, reciprocals[component == 0 ? 0 : 1], Half, levels, simd);

    /// <summary>Threshold 0.5 everywhere is rounding; 0 for DC, which has no dead zone.</summary>
    private static float[] CreateHalf()
    {
        var t = new float[64];
        Array.Fill(t, 0.5f);
        t[0] = 0f;
        return t;
    }
}

/// <summary>
/// The fixed-quality mode's dead zone: a block of importance level L zeroes every coefficient below half of
/// its own, coarser step (jpegli's adaptive quantisation mechanism) and rounds the rest.
/// </summary>
internal sealed class DeadZoneQuantizer(QuantPlan plan, byte[][] levels, bool simd) : BlockQuantizer
{
    public override float[][] Reciprocals => plan.Reciprocals;

    public override float[][] StepSquared => plan.StepSquared;

    public override ulong Quantize(int component, int block, ReadOnlySpan<float> coef, ReadOnlySpan<float> x, int predictor, Span<short> dst)
    {
        int t = component == 0 ? 0 : 1;
        int level = levels[component][block];
        return Quantizer.Quantize(coef, plan.Reciprocals[t], plan.Thresholds[t].AsSpan(level * 64, 64), dst, simd);
    }
}

/// <summary>
/// The RD trellis (<see cref="RdBlockQuantizer"/>) with the block's weight <c>w_b = a_b + k p_b</c> relative
/// to that of the most important block (<c>1 + k max p</c>; the mean a_b is 1), times the coefficient's share of
/// RGB error (<see cref="RdPlan.CoefficientWeights"/>); see <see cref="BlockWeights"/>. The sum, not a product: the subject's error counts as plain squared
/// error (what the viewer sees there, masked or not), and a_b is the share of the whole-image bounds, the
/// Lagrange multipliers of the squared and the structural error (see <see cref="RdRateController"/>).
/// </summary>
[SkipLocalsInit]
internal sealed class TrellisBlockQuantizer : BlockQuantizer
{
    private readonly RdPlan _plan;
    private readonly BlockWeights _weights;
    private readonly double _strength;
    private readonly double _maxWeight;
    private readonly float[][] _coefficientWeight;

    public TrellisBlockQuantizer(RdPlan plan, BlockWeights weights, double strength, FrameLayout layout)
    {
        _plan = plan;
        _weights = weights;
        _strength = strength;
        _maxWeight = 1 + strength * weights.MaxPriority;
        _coefficientWeight = RdPlan.CoefficientWeights(layout);
    }

    public override float[][] Reciprocals => _plan.Reciprocals;

    public override float[][] StepSquared => _plan.StepSquared;

    public override bool ReadsStepValues => true;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override ulong Quantize(int component, int block, ReadOnlySpan<float> coef, ReadOnlySpan<float> x, int predictor, Span<short> levels)
    {
        int t = component == 0 ? 0 : 1;
        Span<float> weight = stackalloc float[64];
        var baseWeight = _plan.BaseWeights[t];
        if (component == 0)
        {
            // Luma: the perceptual part per coefficient (multi-scale structure), the priority per block.
            _weights.LumaWeights(block, weight);
            float cw = RdPlan.ComponentWeight(0) / (float)_maxWeight;
            float kp = (float)(_strength * _weights.Priority[0][block]);
            var vcw = new Vector<float>(cw);
            var vkp = new Vector<float>(kp);
            for (int k = 0; k < 64; k += Vector<float>.Count)
                (new Vector<float>(baseWeight, k) * vcw * (new Vector<float>(weight.Slice(k)) + vkp)).CopyTo(weight.Slice(k));
        }
        else
        {
            double wb = _weights.Perceptual[component][block] + _strength * _weights.Priority[component][block];
            var rel = new Vector<float>((float)(wb / _maxWeight));
            var cw = _coefficientWeight[component];
            for (int k = 0; k < 64; k += Vector<float>.Count)
                (new Vector<float>(baseWeight, k) * rel * new Vector<float>(cw, k)).CopyTo(weight.Slice(k));
        }
        return RdBlockQuantizer.Quantize(x, weight, _plan.AcBits[t], _plan.DcBits[t], predictor, levels);
    }
}
