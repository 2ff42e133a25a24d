namespace SemanticJpeg.Reporting;

/// <summary>One requirement of our bar, checked on the means at the verdict quality.</summary>
/// <param name="Name">Short name, e.g. "PSNR-S gain".</param>
/// <param name="Requirement">The rule in words, e.g. "semantic - standard >= +5 dB".</param>
/// <param name="Standard">Mean for the standard JPEG.</param>
/// <param name="Semantic">Mean for the semantic JPEG.</param>
/// <param name="Pass">Whether the rule holds.</param>
/// <param name="Unit">"dB", "bytes" or empty.</param>
public sealed record VerdictCriterion(string Name, string Requirement, double Standard, double Semantic, bool Pass, string Unit)
{
    public double Delta => Semantic - Standard;
}

/// <summary>The verdict against our bar at one quality.</summary>
/// <param name="Quality">The standard JPEG quality compared against.</param>
/// <param name="ImageCount">Images at that quality; 0 when there were none (every criterion fails).</param>
/// <param name="Criteria">Each requirement and its outcome.</param>
public sealed record Verdict(int Quality, int ImageCount, IReadOnlyList<VerdictCriterion> Criteria)
{
    public bool AllPass => ImageCount > 0 && Criteria.All(c => c.Pass);

    /// <summary>"PASS" or "NOT YET", the word the report shows.</summary>
    public static string Word(bool pass) => pass ? "PASS" : "NOT YET";
}

/// <summary>
/// Our bar, from the project brief: at equal size against standard JPEG at Q50, PSNR-S at least
/// +5 dB, and global PSNR and MS-SSIM not below the standard's. "Not below" is strict
/// (semantic mean >= standard mean, no tolerance); "equal size" allows the semantic file 1% more
/// bytes on average, the slack a size-matching search needs.
/// </summary>
public static class ComparisonVerdict
{
    /// <summary>Required PSNR-S gain, dB.</summary>
    public const double RequiredSalientGainDb = 5.0;

    /// <summary>How much larger (fraction) the semantic files may be and still count as equal size.</summary>
    public const double SizeTolerance = 0.01;

    public static Verdict Evaluate(IReadOnlyList<ComparisonRow> rows, int quality = 50)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var means = ComparisonSummary.ByQuality(rows).FirstOrDefault(m => m.Quality == quality);
        if (means is null)
        {
            var none = new VerdictCriterion[]
            {
                new("Rows at this quality", $"at least one image at Q{quality}", double.NaN, double.NaN, false, ""),
            };
            return new Verdict(quality, 0, none);
        }
        var s = means.Standard;
        var t = means.Semantic;
        var criteria = new List<VerdictCriterion>
        {
            new("PSNR-S gain", $"semantic - standard >= +{RequiredSalientGainDb:0} dB", s.PsnrSalient, t.PsnrSalient,
                t.PsnrSalient - s.PsnrSalient >= RequiredSalientGainDb, "dB"),
            new("Global PSNR", "semantic >= standard", s.PsnrRgb, t.PsnrRgb, t.PsnrRgb >= s.PsnrRgb, "dB"),
            new("MS-SSIM", "semantic >= standard", s.MsSsim, t.MsSsim, t.MsSsim >= s.MsSsim, ""),
            new("Equal size", $"semantic bytes <= standard bytes + {SizeTolerance * 100:0}%", s.Bytes, t.Bytes,
                t.Bytes <= s.Bytes * (1 + SizeTolerance), "bytes"),
        };
        return new Verdict(quality, means.ImageCount, criteria);
    }
}
