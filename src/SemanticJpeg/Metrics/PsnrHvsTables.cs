namespace SemanticJpeg.Metrics;

/// <summary>
/// The constant tables of Ponomarenko's psnrhvsm.m (2006), row = vertical frequency k,
/// column = horizontal frequency l, both from 0.
/// </summary>
internal static class PsnrHvsTables
{
    /// <summary>
    /// CSF weights of the 8x8 DCT coefficients (Egiazarian et al. 2006, "New full-reference quality
    /// metrics based on HVS"): derived from the JPEG luminance quantisation table, larger where the
    /// eye is more sensitive.
    /// </summary>
    public static readonly float[] Csf =
    [
        1.608443f, 2.339554f, 2.573509f, 1.608443f, 1.072295f, 0.643377f, 0.504610f, 0.421887f,
        2.144591f, 2.144591f, 1.838221f, 1.354478f, 0.989811f, 0.443708f, 0.428918f, 0.467911f,
        1.838221f, 1.979622f, 1.608443f, 1.072295f, 0.643377f, 0.451493f, 0.372972f, 0.459555f,
        1.838221f, 1.513829f, 1.169777f, 0.887417f, 0.504610f, 0.295806f, 0.321689f, 0.415082f,
        1.429727f, 1.169777f, 0.695543f, 0.459555f, 0.378457f, 0.236102f, 0.249855f, 0.334222f,
        1.072295f, 0.735288f, 0.467911f, 0.402111f, 0.317717f, 0.247453f, 0.227744f, 0.279729f,
        0.525206f, 0.402111f, 0.329937f, 0.295806f, 0.249855f, 0.212687f, 0.214459f, 0.254803f,
        0.357432f, 0.279729f, 0.270896f, 0.262603f, 0.229778f, 0.257351f, 0.249855f, 0.259950f,
    ];

    /// <summary>
    /// Masking weights (Ponomarenko et al. 2007, "On between-coefficient contrast masking of DCT
    /// basis functions"); they are the squares of the CSF weights normalised to the largest.
    /// </summary>
    public static readonly float[] Mask =
    [
        0.390625f, 0.826446f, 1.000000f, 0.390625f, 0.173611f, 0.062500f, 0.038447f, 0.026874f,
        0.694444f, 0.694444f, 0.510204f, 0.277008f, 0.147929f, 0.029727f, 0.027778f, 0.033058f,
        0.510204f, 0.591716f, 0.390625f, 0.173611f, 0.062500f, 0.030779f, 0.021004f, 0.031888f,
        0.510204f, 0.346021f, 0.206612f, 0.118906f, 0.038447f, 0.013212f, 0.015625f, 0.026015f,
        0.308642f, 0.206612f, 0.073046f, 0.031888f, 0.021626f, 0.008417f, 0.009426f, 0.016866f,
        0.173611f, 0.081633f, 0.033058f, 0.024414f, 0.015242f, 0.009246f, 0.007831f, 0.011815f,
        0.041649f, 0.024414f, 0.016437f, 0.013212f, 0.009426f, 0.006830f, 0.006944f, 0.009803f,
        0.019290f, 0.011815f, 0.011080f, 0.010412f, 0.007972f, 0.010000f, 0.009426f, 0.010203f,
    ];

    /// <summary><see cref="Mask"/> with the DC weight zeroed: maskeff sums AC coefficients only.</summary>
    public static readonly float[] MaskAc = Mask.Select((m, i) => i == 0 ? 0f : m).ToArray();

    /// <summary>
    /// 1 / Mask with the DC entry 0: the masking threshold of coefficient i is MaskA / Mask[i],
    /// and the DC coefficient is never masked (equation 3 of the 2007 paper).
    /// </summary>
    public static readonly float[] InverseMaskAc = Mask.Select((m, i) => i == 0 ? 0f : 1f / m).ToArray();
}
