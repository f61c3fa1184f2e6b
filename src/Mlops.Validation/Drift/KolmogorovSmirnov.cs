namespace Mlops.Validation.Drift;

/// <summary>
/// Two-sided two-sample Kolmogorov–Smirnov test following <c>scipy.stats.ks_2samp(method='auto')</c>. MathNet.Numerics has
/// neither the exact two-sample null distribution nor the Kolmogorov limit distribution, so both are implemented here:
/// the exact path counting is scipy's (<c>_compute_prob_outside_square</c> for equal sizes, and Hodges' "inside method" with
/// Viehmann's 1 − p recursion, <c>_compute_outer_prob_inside_method</c>, otherwise).
/// </summary>
internal static class KolmogorovSmirnov
{
    /// <summary>scipy's MAX_AUTO_N: the exact distribution is attempted when both sample sizes are at most this.</summary>
    internal const int MaxExactN = 10_000;

    /// <summary>Runs the test on samples that are already sorted ascending (NaN-free).</summary>
    internal static StatisticalTestResult SortedTwoSample(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var d = Statistic(a, b);
        return PValue(d, a.Length, b.Length);
    }

    /// <summary>sup |F_a(x) − F_b(x)| over every observed x, with right-continuous ECDFs (ties advance both samples together).</summary>
    internal static double Statistic(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int i = 0, j = 0;
        double n1 = a.Length, n2 = b.Length, d = 0;
        while (i < a.Length && j < b.Length)
        {
            var x = Math.Min(a[i], b[j]);
            while (i < a.Length && a[i] <= x)
            {
                i++;
            }

            while (j < b.Length && b[j] <= x)
            {
                j++;
            }

            d = Math.Max(d, Math.Abs((i / n1) - (j / n2)));
        }

        // Once one sample is exhausted the remaining differences only shrink toward 0, except the value right there.
        return Math.Max(d, Math.Abs((i / n1) - (j / n2)));
    }

    /// <summary>The two-sided p-value for D with sample sizes n1 and n2, choosing exact or asymptotic as scipy's 'auto'.</summary>
    internal static StatisticalTestResult PValue(double d, int n1, int n2)
    {
        if (Math.Max(n1, n2) <= MaxExactN)
        {
            var g = Gcd(n1, n2);
            long n1g = n1 / g, n2g = n2 / g;
            if (n1g < (double)int.MaxValue / n2g && TryExact(n1, n2, g, d, out var exactD, out var p))
            {
                return new StatisticalTestResult(exactD, p, "exact");
            }
        }

        return new StatisticalTestResult(d, Math.Clamp(AsymptoticSurvival(d, n1, n2), 0, 1), "asymptotic");
    }

    private static bool TryExact(int n1, int n2, int g, double d, out double roundedD, out double p)
    {
        long lcm = (long)(n1 / g) * n2;
        var h = (long)Math.Round(d * lcm, MidpointRounding.ToEven);
        roundedD = h / (double)lcm;
        if (h == 0)
        {
            p = 1.0;
            return true;
        }

        p = n1 == n2 ? OutsideSquare(n1, h) : OuterInside(n1, n2, g, h);
        return double.IsFinite(p) && p >= 0 && p <= 1;
    }

    private static double OutsideSquare(int n, long h)
    {
        double total = 0;
        var k = (long)Math.Floor(n / (double)h);
        while (k >= 0)
        {
            double p1 = 1.0;
            for (long j = 0; j < h; j++)
            {
                p1 = (n - (k * h) - j) * p1 / (n + (k * h) + j + 1);
            }

            total = p1 * (1.0 - total);
            k--;
        }

        return 2 * total;
    }

    private static double OuterInside(int mIn, int nIn, int g, long h)
    {
        var (m, n) = mIn >= nIn ? (mIn, nIn) : (nIn, mIn);
        long mg = m / g, ng = n / g;
        long minj = 0, maxj = Math.Min((long)Math.Ceiling(h / (double)mg), n + 1);
        var curlen = maxj - minj;
        var lenA = (int)Math.Min((2 * maxj) + 2, n + 1);
        var a = new double[lenA];
        Array.Fill(a, 1.0);
        Array.Fill(a, 0.0, 0, (int)maxj);
        for (long i = 1; i <= m; i++)
        {
            long lastminj = minj, lastlen = curlen;
            minj = Math.Max((long)Math.Floor(((ng * i) - h) / (double)mg) + 1, 0);
            minj = Math.Min(minj, n);
            maxj = Math.Min((long)Math.Ceiling(((ng * i) + h) / (double)mg), n + 1);
            if (maxj <= minj)
            {
                return 1.0;
            }

            var val = minj == 0 ? 0.0 : 1.0;
            for (long jj = 0; jj < maxj - minj; jj++)
            {
                var j = jj + minj;
                val = ((a[jj + minj - lastminj] * i) + (val * j)) / (i + j);
                a[jj] = val;
            }

            curlen = maxj - minj;
            if (lastlen > curlen)
            {
                Array.Fill(a, 1.0, (int)(maxj - minj), (int)(lastlen - curlen));
            }
        }

        return a[maxj - minj - 1];
    }

    /// <summary>
    /// Kolmogorov limit distribution (scipy's <c>kstwobign</c>) at sqrt(en)·D with en = n1·n2/(n1 + n2). scipy ≥ 1.5 uses
    /// the finite-n <c>kstwo(round(en))</c> instead; the two differ by O(1/sqrt(en)), which is below 1e-3 in the regime
    /// (both samples over 10,000) where this path is taken by default.
    /// </summary>
    internal static double AsymptoticSurvival(double d, int n1, int n2)
    {
        var en = (double)n1 * n2 / (n1 + n2);
        return KolmogorovSurvival(Math.Sqrt(en) * d);
    }

    /// <summary>Q(x) = P(K &gt; x) = 2 Σ (−1)^(k−1) exp(−2k²x²); for small x the Jacobi-theta form converges faster.</summary>
    internal static double KolmogorovSurvival(double x)
    {
        if (x <= 0)
        {
            return 1.0;
        }

        if (x < 1.0)
        {
            // 1 − sqrt(2π)/x Σ_{k≥1} exp(−(2k−1)²π²/(8x²))
            double sum = 0;
            var w = Math.PI * Math.PI / (8 * x * x);
            for (var k = 1; k < 20; k++)
            {
                var t = Math.Exp(-((2 * k) - 1) * ((2 * k) - 1) * w);
                sum += t;
                if (t < 1e-17 * sum)
                {
                    break;
                }
            }

            return 1.0 - (Math.Sqrt(2 * Math.PI) / x * sum);
        }

        double p = 0, sign = 1;
        for (var k = 1; k < 100; k++)
        {
            var t = Math.Exp(-2.0 * k * k * x * x);
            p += sign * t;
            sign = -sign;
            if (t < 1e-17)
            {
                break;
            }
        }

        return 2 * p;
    }

    private static int Gcd(int a, int b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
