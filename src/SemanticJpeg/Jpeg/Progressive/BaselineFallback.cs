namespace SemanticJpeg.Jpeg.Progressive;

/// <summary>
/// When progressive does not pay. Progressive scans cost headers (an SOS and a DHT per scan) that EOB runs and
/// per-band tables win back on photos (2 to 6 % on the eval kit), but not always on very smooth or tiny images.
/// A progressive file more than <see cref="MaxRatio"/> times the baseline file of the same coefficients is
/// replaced by that baseline file: the same pixels, never more than 0.5 % above baseline.
/// </summary>
internal static class BaselineFallback
{
    public const double MaxRatio = 1.005;

    public static bool UseBaseline(double progressiveBytes, double baselineBytes) => progressiveBytes > MaxRatio * baselineBytes;

    public static byte[] Choose(byte[] progressive, Func<byte[]> baseline)
    {
        var b = baseline();
        return UseBaseline(progressive.Length, b.Length) ? b : progressive;
    }
}
