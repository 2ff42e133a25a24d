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
