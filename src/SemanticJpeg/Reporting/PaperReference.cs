namespace SemanticJpeg.Reporting;

/// <summary>
/// The numbers Prakash et al. report (Semantic Perceptual Image Compression using Deep Convolution
/// Networks, DCC 2017, table of means on the Kodak set): standard JPEG at quality 50 against
/// their semantic JPEG at the same file size. A different data set from ours: for scale only.
/// </summary>
internal static class PaperReference
{
    /// <summary>Where the numbers come from, for the report's caption.</summary>
    public const string Source = "Prakash et al., DCC 2017, Kodak set (24 images), standard JPEG Q50 vs theirs at equal size";

    /// <summary>Standard JPEG at Q50 on Kodak. Bytes and bpp are not given in the table (NaN).</summary>
    public static MetricMeans StandardJpegQ50 { get; } = new(
        PsnrSalient: 33.91, PsnrRgb: 34.70, PsnrY: double.NaN, PsnrHvs: 34.92, PsnrHvsM: 42.19,
        Ssim: 0.969, MsSsim: 0.991, Bytes: double.NaN, Bpp: double.NaN);

    /// <summary>Their semantic JPEG at the same size.</summary>
    public static MetricMeans SemanticJpegQ50 { get; } = new(
        PsnrSalient: 39.16, PsnrRgb: 34.82, PsnrY: double.NaN, PsnrHvs: 35.05, PsnrHvsM: 42.33,
        Ssim: 0.969, MsSsim: 0.991, Bytes: double.NaN, Bpp: double.NaN);
}
