using SemanticJpeg.Metrics;

namespace SemanticJpeg.PowerShell;

/// <summary>
/// One row of Compare-SemanticJpeg: an image at one quality, standard JPEG vs semantic JPEG of the
/// same size, and SemanticJpeg's own file at that quality (Ladder*: its rate-distortion point).
/// Flat numeric properties, so Export-Csv and Sort-Object work directly.
/// </summary>
public sealed class SemanticJpegComparison
{
    public string Image { get; init; } = string.Empty;
    public int Quality { get; init; }
    public int Width { get; init; }
    public int Height { get; init; }
    public long StandardBytes { get; init; }
    public long SemanticBytes { get; init; }
    public double StandardBpp { get; init; }
    public double SemanticBpp { get; init; }
    public double StandardPsnrSalient { get; init; }
    public double SemanticPsnrSalient { get; init; }
    public double DeltaPsnrSalient => SemanticPsnrSalient - StandardPsnrSalient;
    public double StandardPsnr { get; init; }
    public double SemanticPsnr { get; init; }
    public double DeltaPsnr => SemanticPsnr - StandardPsnr;
    public double StandardPsnrHvsM { get; init; }
    public double SemanticPsnrHvsM { get; init; }
    public double StandardSsim { get; init; }
    public double SemanticSsim { get; init; }
    public double StandardMsSsim { get; init; }
    public double SemanticMsSsim { get; init; }
    public double DeltaMsSsim => SemanticMsSsim - StandardMsSsim;

    /// <summary>Size of SemanticJpeg's own file at this quality (its -Quality mode).</summary>
    public long LadderBytes { get; init; }
    public double LadderBpp { get; init; }
    public double LadderPsnrSalient { get; init; }
    public double LadderPsnr { get; init; }
    public double LadderMsSsim { get; init; }

    /// <summary>
    /// Whose map PSNR-S is weighted by: "SaliencyMap" (yours, from -SaliencyMap) or "Model"
    /// (SemanticJpeg's own, which makes PSNR-S self-referential).
    /// </summary>
    public string SalientRegion { get; init; } = string.Empty;

    /// <summary>Every metric of the standard JPEG.</summary>
    public QualityReport? Standard { get; init; }

    /// <summary>Every metric of the semantic JPEG.</summary>
    public QualityReport? Semantic { get; init; }

    /// <summary>Every metric of SemanticJpeg's own file at this quality.</summary>
    public QualityReport? Ladder { get; init; }

    internal static SemanticJpegComparison From(Reporting.ComparisonRow row) => new()
    {
        Image = row.Image,
        Quality = row.Quality,
        Width = row.Width,
        Height = row.Height,
        StandardBytes = row.StandardBytes,
        SemanticBytes = row.SemanticBytes,
        StandardBpp = row.StandardBpp,
        SemanticBpp = row.SemanticBpp,
        StandardPsnrSalient = row.Standard.PsnrSalient ?? double.NaN,
        SemanticPsnrSalient = row.Semantic.PsnrSalient ?? double.NaN,
        StandardPsnr = row.Standard.PsnrRgb,
        SemanticPsnr = row.Semantic.PsnrRgb,
        StandardPsnrHvsM = row.Standard.PsnrHvsM,
        SemanticPsnrHvsM = row.Semantic.PsnrHvsM,
        StandardSsim = row.Standard.Ssim,
        SemanticSsim = row.Semantic.Ssim,
        StandardMsSsim = row.Standard.MsSsim,
        SemanticMsSsim = row.Semantic.MsSsim,
        LadderBytes = row.CurveBytes,
        LadderBpp = row.CurveBpp,
        LadderPsnrSalient = row.CurveReport.PsnrSalient ?? double.NaN,
        LadderPsnr = row.CurveReport.PsnrRgb,
        LadderMsSsim = row.CurveReport.MsSsim,
        SalientRegion = Region(row.UserMap),
        Standard = row.Standard,
        Semantic = row.Semantic,
        Ladder = row.CurveReport,
    };

    internal static string Region(bool userMap) => userMap ? "SaliencyMap" : "Model";
}
