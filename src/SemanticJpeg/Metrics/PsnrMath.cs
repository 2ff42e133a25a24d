namespace SemanticJpeg.Metrics;

/// <summary>The 8-bit PSNR formula, shared by every PSNR-like metric.</summary>
internal static class PsnrMath
{
    /// <summary>Peak value of 8-bit samples.</summary>
    public const double Peak = 255.0;

    /// <summary>
    /// 10 log10(255^2 / mse). An MSE of 0 (identical images) gives +infinity; an undefined MSE
    /// (NaN, e.g. an empty region) gives NaN.
    /// </summary>
    public static double FromMse(double mse)
    {
        if (double.IsNaN(mse)) return double.NaN;
        if (mse <= 0) return double.PositiveInfinity;
        return 10.0 * Math.Log10(Peak * Peak / mse);
    }
}
