namespace SemanticJpeg.Reporting;

/// <summary>One point of a rate-distortion curve: a file's size (any positive unit) and its quality.</summary>
/// <param name="Rate">Bytes, bits or bits per pixel; only ratios matter, so the unit cancels out.</param>
/// <param name="Quality">The quality measure (PSNR in dB, MS-SSIM, ...), higher is better.</param>
internal readonly record struct RatePoint(double Rate, double Quality);

/// <summary>How a rate-distortion curve is interpolated between its points for the Bjøntegaard delta.</summary>
internal enum BdInterpolation
{
    /// <summary>
    /// Piecewise cubic Hermite interpolation (Fritsch-Carlson slopes, as MATLAB's and SciPy's pchip):
    /// goes through every point and never overshoots between them. The JCT-VC / JVET common test
    /// conditions' BD-rate; our headline.
    /// </summary>
    Pchip,

    /// <summary>
    /// VCEG-M33 (Bjøntegaard 2001): one least-squares polynomial of degree 3 (fewer with fewer than
    /// four points) through the whole curve. The classic figure; it can swing between distant points.
    /// </summary>
    Cubic,
}

/// <summary>
/// Bjøntegaard-delta metrics (ITU-T VCEG-M33): the average difference between two rate-distortion
/// curves over the range where both exist. BD-rate is the mean % change in rate at equal quality,
/// BD-quality the mean change in quality at equal rate.
/// </summary>
/// <remarks>
/// BD-rate works on ln(rate) as a function of quality: both curves are interpolated, integrated
/// over the overlap of their quality ranges, and the mean difference d of ln(rate) gives
/// (e^d - 1) x 100 %. Negative: the test curve needs fewer bytes for the same quality. Points with
/// a non-finite quality (an identical image has infinite PSNR) or a non-positive rate are left out;
/// points with the same quality are merged (mean ln-rate), as an interpolant needs distinct abscissae.
/// NaN when a curve has fewer than two usable points or the ranges do not overlap.
/// </remarks>
internal static class BjontegaardDelta
{
    /// <summary>BD-rate of <paramref name="test"/> against <paramref name="reference"/>, in %.</summary>
    public static double Rate(IReadOnlyList<RatePoint> reference, IReadOnlyList<RatePoint> test, BdInterpolation method = BdInterpolation.Pchip)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(test);
        var a = Curve(reference, p => (p.Quality, Math.Log(p.Rate)));
        var b = Curve(test, p => (p.Quality, Math.Log(p.Rate)));
        double meanDiff = MeanDifference(a, b, method);
        return double.IsNaN(meanDiff) ? double.NaN : (Math.Exp(meanDiff) - 1) * 100;
    }

    /// <summary>BD-quality (BD-PSNR for PSNR): mean quality change of <paramref name="test"/> at equal rate.</summary>
    public static double Quality(IReadOnlyList<RatePoint> reference, IReadOnlyList<RatePoint> test, BdInterpolation method = BdInterpolation.Pchip)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(test);
        var a = Curve(reference, p => (Math.Log(p.Rate), p.Quality));
        var b = Curve(test, p => (Math.Log(p.Rate), p.Quality));
        return MeanDifference(a, b, method);
    }

    /// <summary>The quality range both curves cover (where BD-rate is measured); NaN, NaN when there is none.</summary>
    public static (double Low, double High) Overlap(IReadOnlyList<RatePoint> reference, IReadOnlyList<RatePoint> test)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(test);
        var a = Curve(reference, p => (p.Quality, Math.Log(p.Rate)));
        var b = Curve(test, p => (p.Quality, Math.Log(p.Rate)));
        if (a.X.Length < 2 || b.X.Length < 2) return (double.NaN, double.NaN);
        double lo = Math.Max(a.X[0], b.X[0]), hi = Math.Min(a.X[^1], b.X[^1]);
        return hi > lo ? (lo, hi) : (double.NaN, double.NaN);
    }

    /// <summary>Number of points of a curve that take part (finite quality, positive rate, distinct quality).</summary>
    public static int UsablePoints(IReadOnlyList<RatePoint> curve)
    {
        ArgumentNullException.ThrowIfNull(curve);
        return Curve(curve, p => (p.Quality, Math.Log(p.Rate))).X.Length;
    }

    private static double MeanDifference(Samples a, Samples b, BdInterpolation method)
    {
        if (a.X.Length < 2 || b.X.Length < 2) return double.NaN;
        double lo = Math.Max(a.X[0], b.X[0]), hi = Math.Min(a.X[^1], b.X[^1]);
        if (!(hi > lo)) return double.NaN;
        double ia = Integral(a, lo, hi, method), ib = Integral(b, lo, hi, method);
        return (ib - ia) / (hi - lo);
    }

    private static double Integral(Samples s, double lo, double hi, BdInterpolation method) => method switch
    {
        BdInterpolation.Pchip => PiecewiseCubic.Integral(s.X, s.Y, lo, hi),
        BdInterpolation.Cubic => CubicFit.Integral(s.X, s.Y, lo, hi),
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };

    /// <summary>Abscissae strictly increasing, ordinates the mean of points sharing an abscissa.</summary>
    private sealed record Samples(double[] X, double[] Y);

    private static Samples Curve(IReadOnlyList<RatePoint> points, Func<RatePoint, (double X, double Y)> axes)
    {
        var usable = points.Where(p => p.Rate > 0 && double.IsFinite(p.Rate) && double.IsFinite(p.Quality))
            .Select(axes)
            .GroupBy(p => p.X)
            .Select(g => (X: g.Key, Y: g.Average(p => p.Y)))
            .OrderBy(p => p.X)
            .ToArray();
        return new Samples(usable.Select(p => p.X).ToArray(), usable.Select(p => p.Y).ToArray());
    }
}
