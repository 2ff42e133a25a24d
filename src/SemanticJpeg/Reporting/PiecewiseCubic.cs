namespace SemanticJpeg.Reporting;

/// <summary>Exact integral of the monotone piecewise cubic Hermite interpolant (Fritsch-Carlson 1980).</summary>
internal static class PiecewiseCubic
{
    /// <summary>Slopes at the knots, as SciPy's PchipInterpolator computes them.</summary>
    public static double[] Slopes(double[] x, double[] y)
    {
        int n = x.Length;
        var d = new double[n];
        var h = new double[n - 1];
        var delta = new double[n - 1];
        for (int k = 0; k < n - 1; k++)
        {
            h[k] = x[k + 1] - x[k];
            delta[k] = (y[k + 1] - y[k]) / h[k];
        }
        if (n == 2)
        {
            d[0] = d[1] = delta[0]; // two points: the straight line
            return d;
        }
        for (int k = 1; k < n - 1; k++)
        {
            // A local extremum or a flat piece gets slope 0, which is what keeps the curve monotone;
            // elsewhere the weighted harmonic mean of the two secants.
            if (delta[k - 1] == 0 || delta[k] == 0 || Math.Sign(delta[k - 1]) != Math.Sign(delta[k]))
            {
                d[k] = 0;
                continue;
            }
            double w1 = 2 * h[k] + h[k - 1], w2 = h[k] + 2 * h[k - 1];
            d[k] = (w1 + w2) / (w1 / delta[k - 1] + w2 / delta[k]);
        }
        d[0] = EndSlope(h[0], h[1], delta[0], delta[1]);
        d[n - 1] = EndSlope(h[n - 2], h[n - 3], delta[n - 2], delta[n - 3]);
        return d;
    }

    /// <summary>Three-point end slope, limited so the end piece does not overshoot (Moler, Numerical Computing with MATLAB, 3.6).</summary>
    private static double EndSlope(double h0, double h1, double m0, double m1)
    {
        double d = ((2 * h0 + h1) * m0 - h0 * m1) / (h0 + h1);
        if (Math.Sign(d) != Math.Sign(m0)) return 0;
        if (Math.Sign(m0) != Math.Sign(m1) && Math.Abs(d) > Math.Abs(3 * m0)) return 3 * m0;
        return d;
    }

    /// <summary>Integral of the interpolant from <paramref name="lo"/> to <paramref name="hi"/>, both inside [x0, xn].</summary>
    public static double Integral(double[] x, double[] y, double lo, double hi)
    {
        var d = Slopes(x, y);
        double sum = 0;
        for (int k = 0; k < x.Length - 1; k++)
        {
            double a = Math.Max(lo, x[k]), b = Math.Min(hi, x[k + 1]);
            if (b <= a) continue;
            double h = x[k + 1] - x[k];
            // The segment in power form of s = (x - x_k) / h: c0 + c1 s + c2 s^2 + c3 s^3.
            double c0 = y[k], c1 = h * d[k];
            double c2 = 3 * (y[k + 1] - y[k]) - h * (2 * d[k] + d[k + 1]);
            double c3 = 2 * (y[k] - y[k + 1]) + h * (d[k] + d[k + 1]);
            double Antiderivative(double s) => s * (c0 + s * (c1 / 2 + s * (c2 / 3 + s * c3 / 4)));
            sum += h * (Antiderivative((b - x[k]) / h) - Antiderivative((a - x[k]) / h));
        }
        return sum;
    }
}
