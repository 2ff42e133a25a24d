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

    /// <summary>[table][zig-zag index] entry squared: squared error in file steps times this is coefficient squared error.</summary>
    public float[][] StepSquared { get; } = [new float[64], new float[64]];

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
            {
                plan.Reciprocals[t][k] = (float)(1.0 / (plan.Tables[t][zz[k]] * FloatDct.ScaleFactor(zz[k])));
                plan.StepSquared[t][k] = plan.Tables[t][zz[k]] * (float)plan.Tables[t][zz[k]];
            }
        }
        for (int level = 0; level < Levels; level++)
        {
            double s = salientScale == backgroundScale
                ? salientScale
                : ScaleAt(Math.Pow(level / (double)(Levels - 1), exponent), salientScale, backgroundScale);
            bool coarser = s > plan.FileScale * 1.0001;
            // Past Q1 every table entry is clamped at 255: keep widening the dead zone so the level can go lower.
            double beyond = Math.Max(1.0, s / QuantizationTables.MaxScale);
            for (int t = 0; t < 2; t++)
            {
                var thr = plan.Thresholds[t].AsSpan(level * 64, 64);
                thr[0] = 0f; // DC is always rounded: a dead zone on DC shows as blocking
                for (int k = 1; k < 64; k++)
                {
                    if (!coarser) { thr[k] = 0.5f; continue; }
                    int n = zz[k];
                    double ratio = QuantizationTables.IdealStep(t, n, s) / QuantizationTables.IdealStep(t, n, plan.FileScale);
                    thr[k] = (float)(0.5 * Math.Max(1.0, ratio) * beyond);
                }
            }
        }
        return plan;
    }
}
