using SemanticJpeg.Reporting;
using Xunit;

namespace SemanticJpeg.Tests.Reporting;

public class BjontegaardDeltaTests
{
    private static List<RatePoint> Curve(double[] rates, double[] qualities)
        => rates.Zip(qualities, (r, q) => new RatePoint(r, q)).ToList();

    // The example curves of the FAU-LMS "bjontegaard" package (libx265 presets, kbit/s vs PSNR dB).
    private static readonly double[] RateA = [9487.76, 4593.60, 2486.44, 1358.24];
    private static readonly double[] PsnrA = [40.037, 38.615, 36.845, 34.851];
    private static readonly double[] RateB = [9787.80, 4469.00, 2451.52, 1356.24];
    private static readonly double[] PsnrB = [40.121, 38.651, 36.970, 34.987];

    // Its six-point case, where the single cubic swings between the points and PCHIP does not.
    private static readonly double[] Rate6A = [82472.76, 26875.24, 9487.76, 4593.6, 3600, 2900];
    private static readonly double[] Psnr6A = [43.825, 41.404, 40.037, 38.615, 36.5, 35.1];
    private static readonly double[] Rate6B = [99896.96, 33952.04, 9787.8, 4469.0, 4040, 3300];
    private static readonly double[] Psnr6B = [44.731, 41.875, 40.121, 38.651, 37, 36.5];

    [Theory]
    [InlineData(0.8, -20.0)]
    [InlineData(1.25, 25.0)]
    [InlineData(0.5, -50.0)]
    public void A_curve_shifted_by_a_constant_rate_factor_gives_exactly_that_change(double factor, double expectedPercent)
    {
        // ln(rate) moves by ln(factor) at every quality, whatever the interpolant: BD-rate is (factor - 1) x 100.
        foreach (var (rates, psnrs) in new[] { (RateA, PsnrA), (Rate6A, Psnr6A) })
        {
            var reference = Curve(rates, psnrs);
            var test = Curve(rates.Select(r => r * factor).ToArray(), psnrs);
            Assert.Equal(expectedPercent, BjontegaardDelta.Rate(reference, test, BdInterpolation.Pchip), 9);
            Assert.Equal(expectedPercent, BjontegaardDelta.Rate(reference, test, BdInterpolation.Cubic), 9);
        }
    }

    [Fact]
    public void A_curve_shifted_by_a_constant_quality_gives_that_bd_quality()
    {
        var reference = Curve(Rate6A, Psnr6A);
        var test = Curve(Rate6A, Psnr6A.Select(q => q + 0.75).ToArray());
        Assert.Equal(0.75, BjontegaardDelta.Quality(reference, test, BdInterpolation.Pchip), 9);
        Assert.Equal(0.75, BjontegaardDelta.Quality(reference, test, BdInterpolation.Cubic), 9);
        Assert.Equal(0.0, BjontegaardDelta.Rate(reference, reference), 12);
    }

    [Fact]
    public void Matches_numpy_polyfit_and_scipy_pchip_on_published_example_curves()
    {
        // Reference values: numpy.polyfit(psnr, ln(rate), 3) + numpy.polyint, and
        // scipy.interpolate.PchipInterpolator(psnr, ln(rate)).integrate, over the common PSNR range
        // (numpy 1.24.2, scipy 1.10.1), the method of the "bjontegaard" package and VCEG-M33.
        var a = Curve(RateA, PsnrA);
        var b = Curve(RateB, PsnrB);
        Assert.Equal(-4.4174853506, BjontegaardDelta.Rate(a, b, BdInterpolation.Pchip), 8);
        Assert.Equal(-4.4204627061, BjontegaardDelta.Rate(a, b, BdInterpolation.Cubic), 8);
        Assert.Equal(0.1196927854, BjontegaardDelta.Quality(a, b, BdInterpolation.Pchip), 8);

        var a6 = Curve(Rate6A, Psnr6A);
        var b6 = Curve(Rate6B, Psnr6B);
        Assert.Equal(-2.9528024116, BjontegaardDelta.Rate(a6, b6, BdInterpolation.Pchip), 8);
        Assert.Equal(-0.6392886208, BjontegaardDelta.Rate(a6, b6, BdInterpolation.Cubic), 8);
        Assert.Equal(0.0895359019, BjontegaardDelta.Quality(a6, b6, BdInterpolation.Pchip), 8);
    }

    [Fact]
    public void Pchip_agrees_with_dense_trapezoidal_integration_of_an_independent_interpolant()
    {
        var a = Curve(Rate6A, Psnr6A);
        var b = Curve(Rate6B, Psnr6B);
        double expected = DenseBdRate(a, b, ReferencePchip);
        Assert.Equal(expected, BjontegaardDelta.Rate(a, b, BdInterpolation.Pchip), 6);
    }

    [Fact]
    public void Cubic_with_four_points_agrees_with_dense_integration_of_the_lagrange_cubic()
    {
        // Four points: the least-squares cubic is the interpolating one, which Lagrange's formula gives directly.
        var a = Curve(RateA, PsnrA);
        var b = Curve(RateB, PsnrB);
        double expected = DenseBdRate(a, b, Lagrange);
        Assert.Equal(expected, BjontegaardDelta.Rate(a, b, BdInterpolation.Cubic), 6);
    }

    [Fact]
    public void Points_order_duplicates_and_infinite_quality_do_not_matter()
    {
        var a = Curve(RateA, PsnrA);
        var b = Curve(RateB, PsnrB);
        double expected = BjontegaardDelta.Rate(a, b);
        var shuffled = new List<RatePoint> { b[2], b[0], b[3], b[1], new(500, double.PositiveInfinity), new(0, 30) };
        Assert.Equal(expected, BjontegaardDelta.Rate(a, shuffled), 12);
        Assert.Equal(4, BjontegaardDelta.UsablePoints(shuffled));
    }

    [Fact]
    public void No_common_quality_range_or_too_few_points_is_nan()
    {
        var a = Curve(RateA, PsnrA);
        var above = Curve(RateA, PsnrA.Select(q => q + 10).ToArray());
        Assert.True(double.IsNaN(BjontegaardDelta.Rate(a, above)));
        Assert.True(double.IsNaN(BjontegaardDelta.Rate(a, [new RatePoint(1000, 36)])));
        Assert.Equal((double.NaN, double.NaN), BjontegaardDelta.Overlap(a, above));
        Assert.Equal((36.845, 40.037), BjontegaardDelta.Overlap(a, Curve(RateA, [41, 40.037, 36.845, 36.845])));
    }

    [Fact]
    public void Two_points_per_curve_are_straight_lines()
    {
        // ln(rate) linear in quality: reference from ln 1000 at 30 dB to ln 4000 at 40 dB, test the
        // same line reached 2 dB earlier. Over the overlap [32, 40] the mean gap is 2 dB x slope.
        var reference = new List<RatePoint> { new(1000, 30), new(4000, 40) };
        var test = new List<RatePoint> { new(1000, 32), new(4000, 42) };
        double slope = Math.Log(4) / 10;
        double expected = (Math.Exp(-2 * slope) - 1) * 100;
        Assert.Equal(expected, BjontegaardDelta.Rate(reference, test, BdInterpolation.Pchip), 9);
        Assert.Equal(expected, BjontegaardDelta.Rate(reference, test, BdInterpolation.Cubic), 9);
    }

    // ---- The independent computation: pointwise interpolants, integrated by the trapezoidal rule ----

    private static double DenseBdRate(List<RatePoint> reference, List<RatePoint> test, Func<double[], double[], double, double> interpolate)
    {
        var (xa, ya) = Sorted(reference);
        var (xb, yb) = Sorted(test);
        double lo = Math.Max(xa[0], xb[0]), hi = Math.Min(xa[^1], xb[^1]);
        const int steps = 20_000;
        double h = (hi - lo) / steps, sum = 0;
        for (int i = 0; i <= steps; i++)
        {
            double x = lo + i * h;
            double diff = interpolate(xb, yb, x) - interpolate(xa, ya, x);
            sum += (i == 0 || i == steps ? 0.5 : 1.0) * diff;
        }
        return (Math.Exp(sum * h / (hi - lo)) - 1) * 100;
    }

    private static (double[] X, double[] Y) Sorted(List<RatePoint> curve)
    {
        var sorted = curve.OrderBy(p => p.Quality).ToArray();
        return (sorted.Select(p => p.Quality).ToArray(), sorted.Select(p => Math.Log(p.Rate)).ToArray());
    }

    private static double Lagrange(double[] x, double[] y, double at)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double term = y[i];
            for (int j = 0; j < x.Length; j++)
                if (j != i) term *= (at - x[j]) / (x[i] - x[j]);
            sum += term;
        }
        return sum;
    }

    /// <summary>
    /// PCHIP evaluated with the Hermite basis functions, slopes from Fritsch and Carlson's
    /// "three-point" rule with the harmonic mean written as 1/d = (w1/m0 + w2/m1)/(w1 + w2).
    /// </summary>
    private static double ReferencePchip(double[] x, double[] y, double at)
    {
        int n = x.Length;
        var m = Enumerable.Range(0, n - 1).Select(k => (y[k + 1] - y[k]) / (x[k + 1] - x[k])).ToArray();
        var h = Enumerable.Range(0, n - 1).Select(k => x[k + 1] - x[k]).ToArray();
        var d = new double[n];
        for (int k = 1; k < n - 1; k++)
        {
            if (m[k - 1] * m[k] <= 0) continue;
            double w1 = 2 * h[k] + h[k - 1], w2 = h[k] + 2 * h[k - 1];
            d[k] = 1 / ((w1 / m[k - 1] + w2 / m[k]) / (w1 + w2));
        }
        double End(double h0, double h1, double m0, double m1)
        {
            double e = ((2 * h0 + h1) * m0 - h0 * m1) / (h0 + h1);
            if (e * m0 <= 0) return 0;
            if (m0 * m1 <= 0 && Math.Abs(e) > 3 * Math.Abs(m0)) return 3 * m0;
            return e;
        }
        d[0] = End(h[0], h[1], m[0], m[1]);
        d[n - 1] = End(h[n - 2], h[n - 3], m[n - 2], m[n - 3]);
        int s = Math.Clamp(Array.FindLastIndex(x, v => v <= at), 0, n - 2);
        double t = (at - x[s]) / h[s];
        double h00 = (1 + 2 * t) * (1 - t) * (1 - t), h10 = t * (1 - t) * (1 - t), h01 = t * t * (3 - 2 * t), h11 = t * t * (t - 1);
        return h00 * y[s] + h10 * h[s] * d[s] + h01 * y[s + 1] + h11 * h[s] * d[s + 1];
    }
}
