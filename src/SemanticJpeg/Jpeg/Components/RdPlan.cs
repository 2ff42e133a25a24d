namespace SemanticJpeg.Jpeg.Components;

/// <summary>
/// Everything one rate-distortion quantisation pass needs: the file's tables at one scale, their
/// reciprocals (DCT scale folded in), the squared steps (to turn errors in file steps into pixel error), the
/// per-position base weights and the code lengths the bits are counted with.
/// </summary>
/// <remarks>
/// The Lagrangian is <c>sum_b w_b c_comp D_b + lambda R</c>, D_b the block's squared error on the orthonormal DCT
/// coefficients (= its pixel squared error), c_comp the share of RGB error one unit of that component's error
/// makes in the decoded picture (<see cref="CoefficientWeights"/>: per coefficient for subsampled chroma). lambda is tied to the tables: the block of the highest weight is
/// quantised as if the table's geometric-mean step were the optimal step for it, which at high rate means
/// <c>lambda = Qref^2 ln2 / 6</c> per bit, i.e. <see cref="StepsPerBit"/> bits per squared step (6.02 dB per bit).
/// So one parameter (the table scale) moves rate and lambda together, and per-block weights below 1 make
/// blocks coarser than the table with the same slope.
/// </remarks>
internal sealed class RdPlan
{
    /// <summary>
    /// Bits per squared step at the optimum of a uniform quantiser with entropy coding at high rate:
    /// D = step^2/12, dD/dR = -2 ln2 D, so one bit buys 2 ln2 / 12 squared steps, 8.66 bits per squared step.
    /// </summary>
    public const float StepsPerBit = 8.66f;

    private RdPlan(double scale, double shape, float lambdaFactor)
    {
        Scale = scale;
        Shape = shape;
        LambdaFactor = lambdaFactor;
    }

    /// <summary>libjpeg-style scale (percent) of the file's tables.</summary>
    public double Scale { get; }

    /// <summary>Exponent applied to the Annex K shape (1 = Annex K, 0 = flat; see <see cref="RdTables"/>).</summary>
    public double Shape { get; }

    /// <summary>Multiplier on lambda relative to the high-rate optimum (1 = <see cref="StepsPerBit"/>).</summary>
    public float LambdaFactor { get; }

    /// <summary>[table][natural index] table entries as written to DQT.</summary>
    public ushort[][] Tables { get; } = [new ushort[64], new ushort[64]];

    /// <summary>[table][zig-zag] 1 / (entry * DCT scale).</summary>
    public float[][] Reciprocals { get; } = [new float[64], new float[64]];

    /// <summary>[table][zig-zag] entry^2: squared error in file steps times this is squared coefficient error.</summary>
    public float[][] StepSquared { get; } = [new float[64], new float[64]];

    /// <summary>[table][zig-zag] bits per squared file step for a block of relative weight 1 and component weight 1.</summary>
    public float[][] BaseWeights { get; } = [new float[64], new float[64]];

    /// <summary>[table] AC code lengths (run/size symbol) the bits are counted with.</summary>
    public byte[][] AcBits { get; } = [new byte[256], new byte[256]];

    /// <summary>[table] DC code lengths (size category).</summary>
    public byte[][] DcBits { get; } = [new byte[16], new byte[16]];

    /// <param name="scale">libjpeg scale of the tables (percent).</param>
    /// <param name="shape">Annex K shape exponent.</param>
    /// <param name="lambdaFactor">lambda relative to the high-rate optimum for the geometric-mean step.</param>
    /// <param name="dc">DC code lengths per table (the previous pass's optimal tables, or Annex K's).</param>
    /// <param name="ac">AC code lengths per table.</param>
    /// <param name="chromaScale">The chroma table's scale relative to luma's (1: both at <paramref name="scale"/>; see <see cref="RdTables.NoSubjectChromaScale"/>).</param>
    public static RdPlan Create(double scale, double shape, float lambdaFactor, HuffmanSpec[] dc, HuffmanSpec[] ac, double chromaScale = 1.0)
    {
        var plan = new RdPlan(scale, shape, lambdaFactor);
        var zz = ZigZag.ToNatural;
        double luma = RdTables.Fill(0, scale, shape, plan.Tables[0]);
        RdTables.Fill(1, scale * chromaScale, shape, plan.Tables[1]);
        // lambda from the luma table's geometric-mean step, for both tables: one lambda for the file.
        double refSquared = luma * luma;
        for (int t = 0; t < 2; t++)
        {
            for (int k = 0; k < 64; k++)
            {
                double q = plan.Tables[t][zz[k]];
                plan.Reciprocals[t][k] = (float)(1.0 / (q * FloatDct.ScaleFactor(zz[k])));
                plan.StepSquared[t][k] = (float)(q * q);
                plan.BaseWeights[t][k] = (float)(StepsPerBit / lambdaFactor * q * q / refSquared);
            }
            int tt = Math.Min(t, dc.Length - 1);
            CodeCosts(dc[tt].Lengths, plan.DcBits[t], 12);
            CodeCosts(ac[tt].Lengths, plan.AcBits[t], 256);
        }
        return plan;
    }

    /// <summary>The longest code length a symbol is priced at: 16 (T.81's limit) plus one for a symbol a table lacks.</summary>
    public const int MaxPricedCodeLength = 17;

    /// <summary>
    /// Code lengths for pricing: a symbol the table lacks (it did not occur in the last pass) would need a code
    /// of about the longest length plus one once it occurs. Every price is 1 to <see cref="MaxPricedCodeLength"/>
    /// bits, which the trellis's pruning relies on.
    /// </summary>
    private static void CodeCosts(byte[] lengths, byte[] cost, int symbols)
    {
        int max = 0;
        for (int s = 0; s < symbols; s++) max = Math.Max(max, lengths[s]);
        byte missing = (byte)Math.Min(MaxPricedCodeLength, max + 1);
        for (int s = 0; s < cost.Length; s++) cost[s] = s < symbols && lengths[s] > 0 ? lengths[s] : missing;
    }

    /// <summary>
    /// Share of RGB squared error that one unit of squared error in component c makes, per full-resolution
    /// pixel: from the JFIF inverse transform (R = Y + 1.402 Cr, G = Y - 0.344 Cb - 0.714 Cr, B = Y + 1.772 Cb),
    /// relative to luma.
    /// </summary>
    public static float ComponentWeight(int component) => component switch
    {
        0 => 1f,
        1 => (0.344136f * 0.344136f + 1.772f * 1.772f) / 3f,
        _ => (1.402f * 1.402f + 0.714136f * 0.714136f) / 3f,
    };

    /// <summary>
    /// [component][zig-zag] the RGB squared error one unit of squared error in each coefficient of the
    /// component makes in the decoded picture: <see cref="ComponentWeight"/> times, for subsampled chroma, the
    /// coefficient's gain through the decoder's upsampler (<see cref="ChromaUpsampler.Gain"/>). Shared, one set per
    /// frame shape (every pass and trellis of an encode reads it): do not modify.
    /// </summary>
    public static float[][] CoefficientWeights(FrameLayout layout) =>
        CoefficientWeightSets[(layout.Components.Length, layout.MaxH, layout.MaxV)];

    private static readonly Dictionary<(int Components, int H, int V), float[][]> CoefficientWeightSets = new()
    {
        [(1, 1, 1)] = CreateCoefficientWeights(1, 1, 1),
        [(3, 1, 1)] = CreateCoefficientWeights(3, 1, 1),
        [(3, 2, 1)] = CreateCoefficientWeights(3, 2, 1),
        [(3, 2, 2)] = CreateCoefficientWeights(3, 2, 2),
    };

    private static float[][] CreateCoefficientWeights(int components, int factorH, int factorV)
    {
        var result = new float[components][];
        for (int c = 0; c < components; c++)
        {
            var w = new float[64];
            if (c == 0) Array.Fill(w, ComponentWeight(0));
            else
            {
                var gain = ChromaUpsampler.Gain(factorH, factorV);
                for (int k = 0; k < 64; k++) w[k] = ComponentWeight(c) * gain[k];
            }
            result[c] = w;
        }
        return result;
    }
}
