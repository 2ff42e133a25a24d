using SemanticJpeg.Jpeg.Components;

namespace SemanticJpeg.Jpeg.Progressive;

/// <summary>
/// Checks a progressive scan script against T.81 (B.2.3, G.1.1.1) and the stricter order libjpeg's decoder
/// expects without a warning, and that it is complete, so the decoded coefficients equal the quantised ones:
/// <list type="bullet">
/// <item>DC scans have Ss = Se = 0 and may interleave up to 4 components in frame order (at most 10 blocks per
/// MCU); AC scans (Ss &gt; 0) have exactly one component and 1 &lt;= Ss &lt;= Se &lt;= 63.</item>
/// <item>A component's AC scans come after its first DC scan (libjpeg warns "Inconsistent progression").</item>
/// <item>Per coefficient, the first scan has Ah = 0, each later one Ah = the previous Al and Al = Ah - 1
/// (G.1.1.1.2), with 0 &lt;= Al &lt;= 13; at the end every coefficient of every component reached Al = 0.</item>
/// </list>
/// </summary>
internal static class ScanScriptValidator
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the first scan that breaks a rule.</summary>
    public static void Validate(FrameLayout layout, IReadOnlyList<ScanSpec> script)
    {
        int nc = layout.Components.Length;
        var bitPos = new int[nc, 64];
        for (int c = 0; c < nc; c++)
            for (int k = 0; k < 64; k++) bitPos[c, k] = -1;

        for (int i = 0; i < script.Count; i++)
        {
            var s = script[i];
            void Fail(string why) => throw new ArgumentException($"Scan {i} ({s}): {why}");
            if (s.Components.Length is < 1 or > 4) Fail("1 to 4 components per scan.");
            if (s.Ss < 0 || s.Se > 63 || s.Ss > s.Se) Fail("bad spectral band.");
            if (s.Al is < 0 or > 13 || s.Ah is < 0 or > 13) Fail("Ah and Al must be 0..13.");
            if (s.IsDc && s.Se != 0) Fail("a DC scan has Se = 0.");
            if (!s.IsDc && s.Components.Length != 1) Fail("an AC scan has one component.");
            int blocks = 0;
            for (int j = 0; j < s.Components.Length; j++)
            {
                int c = s.Components[j];
                if (c < 0 || c >= nc) Fail("no such component.");
                if (j > 0 && c <= s.Components[j - 1]) Fail("components in frame order, each once.");
                blocks += layout.Components[c].H * layout.Components[c].V;
                if (!s.IsDc && bitPos[c, 0] < 0) Fail("AC before the component's first DC scan.");
                for (int k = s.Ss; k <= s.Se; k++)
                {
                    int prev = bitPos[c, k];
                    if (s.Ah == 0 ? prev >= 0 : prev != s.Ah || s.Al != s.Ah - 1)
                        Fail($"coefficient {k} of component {c} is out of sequence.");
                    bitPos[c, k] = s.Al;
                }
            }
            if (s.Components.Length > 1 && blocks > 10) Fail("more than 10 blocks per MCU.");
        }
        for (int c = 0; c < nc; c++)
            for (int k = 0; k < 64; k++)
                if (bitPos[c, k] != 0)
                    throw new ArgumentException($"Coefficient {k} of component {c} is not complete (last Al {bitPos[c, k]}).");
    }
}
