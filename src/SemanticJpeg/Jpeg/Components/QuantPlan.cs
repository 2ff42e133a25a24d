namespace SemanticJpeg.Jpeg.Components;

/// <summary>
/// Everything the quantiser needs for one encode: the file's two tables (those of the best quality in use),
/// their reciprocals with the DCT scale folded in, and per importance level (0..<see cref="Levels"/>-1) the
/// zero thresholds that give that level its own, coarser effective quality.
/// </summary>
internal sealed class QuantPlan
{
    /// <summary>Importance is quantised to this many levels; level <c>Levels - 1</c> is importance 1.</summary>
    public const int Levels = 64;

    private QuantPlan(double salientScale, double backgroundScale, double? fileScale)
    {
        SalientScale = salientScale;
        BackgroundScale = backgroundScale;
        FileScale = Math.Min(fileScale ?? Math.Min(salientScale, backgroundScale), QuantizationTables.MaxScale);
    }

    /// <summary>libjpeg scale (percent) of importance-1 blocks.</summary>
    public double SalientScale { get; }

    /// <summary>libjpeg scale (percent) of importance-0 blocks.</summary>
    public double BackgroundScale { get; }

    /// <summary>Scale of the tables written to the file.</summary>
    public double FileScale { get; }

    /// <summary>[table][natural index] table entries as written to DQT.</summary>
    public ushort[][] Tables { get; } = [new ushort[64], new ushort[64]];

    /// <summary>[table][zig-zag index] 1 / (entry * DCT scale).</summary>
    public float[][] Reciprocals { get; } = [new float[64], new float[64]];

    /// <summary>[table][level * 64 + zig-zag index] zero threshold in units of the file's step.</summary>
    public float[][] Thresholds { get; } = [new float[Levels * 64], new float[Levels * 64]];

    /// <summary>[table][level * 64 + zig-zag index] trellis distortion weight: lambda * (file step / block step)^2.</summary>
    public float[][] TrellisWeights { get; } = [new float[Levels * 64], new float[Levels * 64]];

    /// <summary>
    /// Bits per unit of squared error, error measured in the block's own quantiser steps. At high rate a uniform
    /// quantiser of step D has distortion D^2/12 and loses 6 dB per bit, so dD/dR = -2 ln2 D^2/12, i.e. one bit is
    /// worth 1 / 0.1155 = 8.7 squared steps; used as the RD slope every block is held to.
    /// </summary>
    public const float Lambda = 8.7f;

    /// <summary>
    /// Trellis weight of a coefficient whose block wants a step <paramref name="ratio"/> times the file's:
    /// about Lambda / ratio^2 for coarse blocks (distortion counted in the block's own steps), and growing without
    /// bound as the ratio approaches 1, where the trellis must agree with plain rounding. Without that, the switch
    /// from rounding to trellis would make the file size jump and rate control could not land inside its window.
    /// </summary>
    private static float Weight(double ratio) => (float)Math.Min(1e6, Lambda / Math.Max(ratio * ratio - 1.0, 1e-6));

    /// <summary>[table][level] the level's DC step in units of the file's DC step.</summary>
    public float[][] DcStepRatio { get; } = [new float[Levels], new float[Levels]];

    /// <summary>[level] true where the level is quantised coarser than the file's tables (a trellis candidate).</summary>
    public bool[] Coarser { get; } = new bool[Levels];

    /// <summary>
    /// [level] true where the trellis runs. Blocks only slightly coarser than the file (scale ratio below
    /// <see cref="TrellisMinRatio"/>) have such large weights that the trellis would return nearly the rounded
    /// levels at several times the cost; they take the dead zone instead.
    /// </summary>
    public bool[] UseTrellis { get; } = new bool[Levels];

    public const double TrellisMinRatio = 1.5;

    /// <summary>[level] libjpeg scale of that importance level.</summary>
    public double[] LevelScale { get; } = new double[Levels];

    /// <summary>The libjpeg scale of an importance: geometric interpolation between background and salient.</summary>
    public static double ScaleAt(double importance, double salientScale, double backgroundScale)
    {
        double ls = Math.Log(Math.Max(salientScale, QuantizationTables.MinScale));
        double lb = Math.Log(Math.Max(backgroundScale, QuantizationTables.MinScale));
        return Math.Exp(lb + importance * (ls - lb));
    }

    /// <param name="salientScale">libjpeg scale of importance 1.</param>
    /// <param name="backgroundScale">libjpeg scale of importance 0.</param>
    /// <param name="fileScale">
    /// Scale of the file's tables; by default the finer of the two. Rate control pins it to fine-tune sizes
    /// between two table steps (near Q90 one table step can change the file by several percent); it must not be
    /// coarser than either region's scale.
    /// </param>
    /// <param name="exponent">Importance is raised to this power before interpolating (see <see cref="JpegWriterOptions.ImportanceExponent"/>).</param>
    public static QuantPlan Create(double salientScale, double backgroundScale, double? fileScale = null, double exponent = 1.0)
    {
        var plan = new QuantPlan(salientScale, backgroundScale, fileScale);
        var zz = ZigZag.ToNatural;
        for (int t = 0; t < 2; t++)
        {
            QuantizationTables.Scale(t, plan.FileScale, plan.Tables[t]);
            for (int k = 0; k < 64; k++)
                plan.Reciprocals[t][k] = (float)(1.0 / (plan.Tables[t][zz[k]] * FloatDct.ScaleFactor(zz[k])));
        }
        for (int level = 0; level < Levels; level++)
        {
            double s = salientScale == backgroundScale
                ? salientScale
                : ScaleAt(Math.Pow(level / (double)(Levels - 1), exponent), salientScale, backgroundScale);
            plan.LevelScale[level] = s;
            bool coarser = s > plan.FileScale * 1.0001;
            plan.Coarser[level] = coarser;
            plan.UseTrellis[level] = s > plan.FileScale * TrellisMinRatio;
            // Past Q1 every table entry is clamped at 255: keep widening the dead zone so rate control can go lower.
            double beyond = Math.Max(1.0, s / QuantizationTables.MaxScale);
            for (int t = 0; t < 2; t++)
            {
                var thr = plan.Thresholds[t].AsSpan(level * 64, 64);
                thr[0] = 0f; // DC is always rounded: a dead zone on DC shows as blocking
                var wt = plan.TrellisWeights[t].AsSpan(level * 64, 64);
                double dcRatio = Math.Max(1.0, QuantizationTables.IdealStep(t, 0, s) / QuantizationTables.IdealStep(t, 0, plan.FileScale)) * beyond;
                plan.DcStepRatio[t][level] = (float)dcRatio;
                wt[0] = Weight(dcRatio);
                for (int k = 1; k < 64; k++)
                {
                    if (!coarser) { thr[k] = 0.5f; wt[k] = Lambda; continue; } // weights unused: full-importance blocks are rounded
                    int n = zz[k];
                    double ratio = QuantizationTables.IdealStep(t, n, s) / QuantizationTables.IdealStep(t, n, plan.FileScale);
                    thr[k] = (float)(0.5 * Math.Max(1.0, ratio) * beyond);
                    double blockStep = Math.Max(1.0, ratio) * beyond; // in file steps
                    wt[k] = Weight(blockStep);
                }
            }
        }
        return plan;
    }
}
