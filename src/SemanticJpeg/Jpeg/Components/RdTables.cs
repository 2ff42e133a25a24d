namespace SemanticJpeg.Jpeg.Components;

/// <summary>
/// The file's quantisation tables for the RD writer: the Annex K tables with their shape softened by an
/// exponent, scaled like libjpeg's quality scaling. <c>entry_k = G * (base_k / G)^shape * scale / 100</c>,
/// G the geometric mean of the base table, so every shape keeps the same geometric-mean step at one scale
/// (and the same rate, roughly) while shape 1 is Annex K and shape 0 a flat table.
/// </summary>
/// <remarks>
/// Why not Annex K as it is: its shape is a visibility model for a viewing distance; squared error (PSNR), and
/// to a lesser degree MS-SSIM and butteraugli, are better served by flatter tables once an RD quantiser
/// decides which high-frequency coefficients to drop (mozjpeg's default tables are flatter than Annex K for
/// the same reason). The shape used is measured in README-encoder.md.
/// </remarks>
internal static class RdTables
{
    /// <summary>
    /// The chroma table's scale relative to luma's when the file favours no subject (strength 0, or a map where
    /// nothing stands out). Annex K's chroma table is a visibility model: its steps are about twice luma's. For
    /// the decoded picture's RGB squared error a subsampled chroma coefficient weighs about four luma ones (it
    /// spreads over four luma blocks), which asks for finer chroma steps than luma's; MS-SSIM (luma only) and
    /// butteraugli's visibility weighting ask for coarser ones. Measured on the kit's 21 photos at equal size
    /// with no map, Q30 / Q50 / Q75, against libjpeg-turbo: 0.7 gives PSNR +0.78 / +1.04 / +1.48 dB (1: +0.61 /
    /// +0.86 / +1.26), butteraugli -0.213 / -0.188 / -0.168 (1: -0.174 / -0.177 / -0.163), MS-SSIM +0.0018 /
    /// +0.0004 / +0.00005 (1: +0.0024 / +0.0009 / +0.0004), still above mozjpeg's at all three, but on a strongly
    /// coloured photo (rocket) 0.0017 / 0.0007 below the tables' chroma at Q50 / Q75, so a file that misses the
    /// standard's MS-SSIM with it is landed again with 1 (<see cref="RdRateController"/>): PSNR +0.77 / +1.00 /
    /// +1.35, butteraugli -0.215 / -0.184 / -0.165, MS-SSIM +0.0019 / +0.0006 / +0.0003, and the worst photo as
    /// with 1 (-0.0003 / -0.0012 at Q50 / Q75); 0.5 (Q50) PSNR about +1.1 but MS-SSIM below mozjpeg's. With a subject the automatic strength spends the same MS-SSIM on it
    /// instead: kit masks at 0.7 gave ROI +1.40 / +1.50 / +1.62 dB against 1's +1.36 / +1.58 / +1.72 (global
    /// +0.56 / +0.83 / +1.14 against +0.45 / +0.69 / +1.04), and 1.3 at Q50 ROI +1.42, so files with a subject
    /// keep 1, where the subject gains most.
    /// </summary>
    public const double NoSubjectChromaScale = 0.7;

    /// <summary>
    /// Fills <paramref name="natural"/> (DQT order) and returns the geometric-mean step before rounding, which
    /// moves continuously with the scale (lambda follows it, so the rate does too between two integer tables).
    /// </summary>
    public static double Fill(int table, double scale, double shape, Span<ushort> natural)
    {
        var b = QuantizationTables.Base(table);
        double g = GeometricMean(b);
        for (int i = 0; i < 64; i++)
        {
            // Shape 1 is libjpeg's jpeg_add_quant_table exactly: (base * scale + 50) / 100 in integers.
            double shaped = shape == 1.0 ? b[i] : g * Math.Pow(b[i] / g, shape);
            double t = Math.Floor(shaped * scale / 100.0 + 0.5 + 1e-9);
            natural[i] = (ushort)Math.Clamp(t, 1, 255);
        }
        return Math.Max(1.0, g * scale / 100.0);
    }

    private static double GeometricMean(ReadOnlySpan<byte> values)
    {
        double s = 0;
        foreach (var v in values) s += Math.Log(v);
        return Math.Exp(s / values.Length);
    }
}
