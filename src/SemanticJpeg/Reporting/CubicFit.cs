namespace SemanticJpeg.Reporting;

/// <summary>VCEG-M33's fit: one least-squares polynomial (degree 3, or n - 1 for n &lt; 4 points), integrated exactly.</summary>
internal static class CubicFit
{
    /// <summary>
    /// Coefficients c0..cm of the fit in t = (x - centre) / halfWidth: the abscissae are mapped onto
    /// [-1, 1] first, because powers of raw PSNRs (40^6 in the normal equations) lose the digits
    /// that the differences between two close curves live in.
    /// </summary>
    public static (double[] Coefficients, double Centre, double HalfWidth) Fit(double[] x, double[] y)
    {
        int n = x.Length;
        int degree = Math.Min(3, n - 1);
        double centre = (x[0] + x[^1]) / 2, half = (x[^1] - x[0]) / 2;
        int m = degree + 1;
        var normal = new double[m, m + 1];
        for (int i = 0; i < n; i++)
        {
            double t = (x[i] - centre) / half;
            var powers = new double[2 * m];
            powers[0] = 1;
            for (int p = 1; p < powers.Length; p++) powers[p] = powers[p - 1] * t;
            for (int r = 0; r < m; r++)
            {
                for (int c = 0; c < m; c++) normal[r, c] += powers[r + c];
                normal[r, m] += powers[r] * y[i];
            }
        }
        return (Solve(normal, m), centre, half);
    }

    public static double Integral(double[] x, double[] y, double lo, double hi)
    {
        var (c, centre, half) = Fit(x, y);
        double Antiderivative(double t)
        {
            double sum = 0, power = t;
            for (int k = 0; k < c.Length; k++, power *= t) sum += c[k] * power / (k + 1);
            return sum;
        }
        return half * (Antiderivative((hi - centre) / half) - Antiderivative((lo - centre) / half));
    }

    /// <summary>Gaussian elimination with partial pivoting on an m x (m + 1) augmented matrix.</summary>
    private static double[] Solve(double[,] a, int m)
    {
        for (int col = 0; col < m; col++)
        {
            int pivot = col;
            for (int r = col + 1; r < m; r++)
                if (Math.Abs(a[r, col]) > Math.Abs(a[pivot, col])) pivot = r;
            if (pivot != col)
                for (int c = col; c <= m; c++) (a[col, c], a[pivot, c]) = (a[pivot, c], a[col, c]);
            for (int r = col + 1; r < m; r++)
            {
                double f = a[r, col] / a[col, col];
                for (int c = col; c <= m; c++) a[r, c] -= f * a[col, c];
            }
        }
        var result = new double[m];
        for (int r = m - 1; r >= 0; r--)
        {
            double s = a[r, m];
            for (int c = r + 1; c < m; c++) s -= a[r, c] * result[c];
            result[r] = s / a[r, r];
        }
        return result;
    }
}
