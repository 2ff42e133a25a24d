namespace SemanticJpeg.Jpeg.Components;

/// <summary>
/// The ITU T.81 Annex K.1 base tables and libjpeg's quality scaling (<c>jpeg_quality_scaling</c> and
/// <c>jpeg_add_quant_table</c> with <c>force_baseline</c>), so that quality Q means what it means to
/// libjpeg, ImageMagick and friends. Scales are libjpeg's percentages: Q50 = 100 %, Q75 = 50 %, Q10 = 500 %.
/// </summary>
internal static class QuantizationTables
{
    /// <summary>Annex K Table K.1, natural order.</summary>
    public static ReadOnlySpan<byte> LumaBase =>
    [
        16, 11, 10, 16, 24, 40, 51, 61,
        12, 12, 14, 19, 26, 58, 60, 55,
        14, 13, 16, 24, 40, 57, 69, 56,
        14, 17, 22, 29, 51, 87, 80, 62,
        18, 22, 37, 56, 68, 109, 103, 77,
        24, 35, 55, 64, 81, 104, 113, 92,
        49, 64, 78, 87, 103, 121, 120, 101,
        72, 92, 95, 98, 112, 100, 103, 99,
    ];

    /// <summary>Annex K Table K.2, natural order.</summary>
    public static ReadOnlySpan<byte> ChromaBase =>
    [
        17, 18, 24, 47, 99, 99, 99, 99,
        18, 21, 26, 66, 99, 99, 99, 99,
        24, 26, 56, 99, 99, 99, 99, 99,
        47, 66, 99, 99, 99, 99, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99,
    ];

    /// <summary>Largest scale that still changes a baseline table (Q1): beyond it every entry is clamped.</summary>
    public const double MaxScale = 5000;

    /// <summary>Scale at which every entry is 1 (Q100 gives 0 %, which we cannot take a logarithm of).</summary>
    public const double MinScale = 0.5;

    public static ReadOnlySpan<byte> Base(int table) => table == 0 ? LumaBase : ChromaBase;

    /// <summary>libjpeg <c>jpeg_quality_scaling</c> exactly (integer division: Q30 is 166 %, not 166.7 %).</summary>
    public static int LibjpegScale(int quality)
    {
        quality = Math.Clamp(quality, 1, 100);
        return quality < 50 ? 5000 / quality : 200 - quality * 2;
    }

    /// <summary>libjpeg <c>jpeg_quality_scaling</c> continued to fractional qualities (rate control).</summary>
    public static double QualityToScale(double quality)
    {
        quality = Math.Clamp(quality, 1, 100);
        return quality < 50 ? 5000.0 / quality : 200.0 - 2.0 * quality;
    }

    /// <summary>Inverse of <see cref="QualityToScale"/>; scales beyond Q1 give qualities below 1.</summary>
    public static double ScaleToQuality(double scale) => scale > 100 ? 5000.0 / scale : (200.0 - scale) / 2.0;

    /// <summary>
    /// libjpeg <c>jpeg_add_quant_table</c>: <c>(base * scale + 50) / 100</c> in integers, clamped to 1..255 (baseline).
    /// A fractional scale is allowed (the rate controller uses them); an integral one reproduces libjpeg exactly.
    /// </summary>
    public static void Scale(int table, double scale, Span<ushort> natural)
    {
        var b = Base(table);
        for (int i = 0; i < 64; i++)
        {
            double t = Math.Floor((b[i] * scale + 50.0) / 100.0 + 1e-9);
            natural[i] = (ushort)Math.Clamp(t, 1, 255);
        }
    }

    /// <summary>The table entry a block quantised at <paramref name="scale"/> would ideally use, unrounded, clamped to 1..255.</summary>
    public static double IdealStep(int table, int naturalIndex, double scale) =>
        Math.Clamp(Base(table)[naturalIndex] * scale / 100.0, 1.0, 255.0);
}
