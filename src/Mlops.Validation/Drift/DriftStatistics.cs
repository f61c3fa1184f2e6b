using MathNet.Numerics;
using MathNet.Numerics.Distributions;

namespace Mlops.Validation.Drift;

/// <summary>
/// The drift statistics, each matching its scipy or Evidently counterpart. Inputs are never modified; NaN values must be
/// removed by the caller (the analyzer does so and counts them as nulls).
/// </summary>
public static class DriftStatistics
{
    /// <summary>Share floor applied to empty bins and categories by PSI (and the binned distances), as Evidently does.</summary>
    public const double ShareFloor = 1e-4;

    /// <summary>Floor of the reference standard deviation used by the normalized Wasserstein distance.</summary>
    public const double StandardDeviationFloor = 0.001;

    /// <summary>
    /// Two-sided two-sample Kolmogorov–Smirnov test as <c>scipy.stats.ks_2samp(reference, current)</c>: exact p-value when
    /// both sizes are ≤ 10,000 (falling back when the lattice computation overflows), otherwise the Kolmogorov limit
    /// distribution at sqrt(n·m/(n+m))·D.
    /// </summary>
    /// <param name="reference">The reference sample.</param>
    /// <param name="current">The current sample.</param>
    /// <returns>D as statistic, the p-value, and <c>exact</c> or <c>asymptotic</c> as method.</returns>
    public static StatisticalTestResult KolmogorovSmirnov(IReadOnlyList<double> reference, IReadOnlyList<double> current)
    {
        var (a, b) = SortedCopies(reference, current);
        return Drift.KolmogorovSmirnov.SortedTwoSample(a, b);
    }

    /// <summary>
    /// Pearson chi-square goodness of fit as <c>scipy.stats.chisquare(observed, expected)</c>; with no expected counts every
    /// category is expected equally often. Degrees of freedom = categories − 1; p from MathNet's regularized upper gamma.
    /// </summary>
    /// <param name="observed">Observed counts.</param>
    /// <param name="expected">Expected counts (same length and, as scipy requires, the same total), or <see langword="null"/>.</param>
    /// <returns>The chi-square statistic and its p-value; an expected count of 0 with a non-zero observation gives +∞ and p = 0.</returns>
    public static StatisticalTestResult ChiSquare(IReadOnlyList<double> observed, IReadOnlyList<double>? expected = null)
    {
        ArgumentNullException.ThrowIfNull(observed);
        if (observed.Count < 2)
        {
            throw new ArgumentException("Chi-square needs at least two categories.", nameof(observed));
        }

        if (expected is not null && expected.Count != observed.Count)
        {
            throw new ArgumentException($"Expected has {expected.Count} categories, observed has {observed.Count}.", nameof(expected));
        }

        var uniform = observed.Sum() / observed.Count;
        double stat = 0;
        for (var i = 0; i < observed.Count; i++)
        {
            var e = expected?[i] ?? uniform;
            var diff = observed[i] - e;
            stat += e == 0 ? (diff == 0 ? 0 : double.PositiveInfinity) : diff * diff / e;
        }

        var p = double.IsPositiveInfinity(stat) ? 0 : SpecialFunctions.GammaUpperRegularized((observed.Count - 1) / 2.0, stat / 2);
        return new StatisticalTestResult(stat, p, "chi-square");
    }

    /// <summary>
    /// The two-sample chi-square drift test (Evidently's <c>chisquare</c> stat test): over the union of categories, expected
    /// counts are reference counts × (current total / reference total). A category absent from the reference but present
    /// in current has expected 0, so the statistic is +∞ and p = 0: a new category is always drift.
    /// </summary>
    /// <param name="referenceCounts">Counts per category in the reference.</param>
    /// <param name="currentCounts">Counts per category in the current data.</param>
    /// <returns>The chi-square statistic and p-value with degrees of freedom = union categories − 1.</returns>
    public static StatisticalTestResult ChiSquare(IReadOnlyDictionary<string, long> referenceCounts, IReadOnlyDictionary<string, long> currentCounts)
    {
        var (keys, r, c) = Align(referenceCounts, currentCounts);
        if (keys.Count < 2)
        {
            return new StatisticalTestResult(0, 1, "chi-square");
        }

        var scale = c.Sum() / r.Sum();
        return ChiSquare(c, r.Select(x => x * scale).ToArray());
    }

    /// <summary>
    /// Pooled two-proportion z-test (Evidently's <c>z</c> stat test): p = (x1 + x2)/(n1 + n2),
    /// z = (x1/n1 − x2/n2) / sqrt(p(1 − p)(1/n1 + 1/n2)), two-sided p-value = 2(1 − Φ(|z|)) from MathNet's normal.
    /// When the pooled proportion is 0 or 1 the samples are identical: z = 0, p = 1.
    /// </summary>
    /// <param name="referenceSuccesses">Rows of the reference holding the first value.</param>
    /// <param name="referenceTotal">Reference rows.</param>
    /// <param name="currentSuccesses">Rows of the current data holding the first value.</param>
    /// <param name="currentTotal">Current rows.</param>
    /// <returns>z as statistic and the two-sided p-value.</returns>
    public static StatisticalTestResult ZTestProportions(long referenceSuccesses, long referenceTotal, long currentSuccesses, long currentTotal)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(referenceTotal);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(currentTotal);
        double n1 = referenceTotal, n2 = currentTotal;
        var p1 = referenceSuccesses / n1;
        var p2 = currentSuccesses / n2;
        var pooled = (referenceSuccesses + currentSuccesses) / (n1 + n2);
        var variance = pooled * (1 - pooled) * ((1 / n1) + (1 / n2));
        if (variance <= 0)
        {
            return new StatisticalTestResult(0, 1, "z-test");
        }

        var z = (p1 - p2) / Math.Sqrt(variance);
        return new StatisticalTestResult(z, 2 * Normal.CDF(0, 1, -Math.Abs(z)), "z-test");
    }

    /// <summary>PSI = Σ (cur − ref)·ln(cur/ref) over shares, each share floored at <see cref="ShareFloor"/> first.</summary>
    /// <param name="referenceShares">Reference share per bin or category.</param>
    /// <param name="currentShares">Current share per bin or category, same order.</param>
    /// <returns>The index (0 when identical; 0.1 and 0.25 are the customary "moderate" and "major" marks).</returns>
    public static double PopulationStabilityIndex(IReadOnlyList<double> referenceShares, IReadOnlyList<double> currentShares)
    {
        SameLength(referenceShares, currentShares);
        double psi = 0;
        for (var i = 0; i < referenceShares.Count; i++)
        {
            var r = Math.Max(referenceShares[i], ShareFloor);
            var c = Math.Max(currentShares[i], ShareFloor);
            psi += (c - r) * Math.Log(c / r);
        }

        return psi;
    }

    /// <summary>
    /// Jensen–Shannon distance in base 2 as <c>scipy.spatial.distance.jensenshannon(p, q, base=2)</c>: both inputs are
    /// normalized to sum 1, m = (p + q)/2, distance = sqrt((KL(p‖m) + KL(q‖m)) / 2 / ln 2). Range [0, 1].
    /// </summary>
    /// <param name="p">First distribution (counts or shares).</param>
    /// <param name="q">Second distribution, same order.</param>
    /// <returns>The distance.</returns>
    public static double JensenShannonDistance(IReadOnlyList<double> p, IReadOnlyList<double> q)
    {
        SameLength(p, q);
        double sp = p.Sum(), sq = q.Sum(), js = 0;
        for (var i = 0; i < p.Count; i++)
        {
            double a = p[i] / sp, b = q[i] / sq, m = (a + b) / 2;
            js += RelativeEntropy(a, m) + RelativeEntropy(b, m);
        }

        return Math.Sqrt(Math.Max(js / 2 / Math.Log(2), 0));
    }

    /// <summary>Hellinger distance sqrt(Σ (sqrt(p) − sqrt(q))²) / sqrt(2) over normalized p and q. Range [0, 1].</summary>
    /// <param name="p">First distribution (counts or shares).</param>
    /// <param name="q">Second distribution, same order.</param>
    /// <returns>The distance.</returns>
    public static double HellingerDistance(IReadOnlyList<double> p, IReadOnlyList<double> q)
    {
        SameLength(p, q);
        double sp = p.Sum(), sq = q.Sum(), sum = 0;
        for (var i = 0; i < p.Count; i++)
        {
            var diff = Math.Sqrt(p[i] / sp) - Math.Sqrt(q[i] / sq);
            sum += diff * diff;
        }

        return Math.Sqrt(sum) / Math.Sqrt(2);
    }

    /// <summary>
    /// Wasserstein-1 distance between the empirical distributions, as <c>scipy.stats.wasserstein_distance(u, v)</c>:
    /// ∫ |F_u(x) − F_v(x)| dx, computed exactly on the sorted samples.
    /// </summary>
    /// <param name="reference">The reference sample.</param>
    /// <param name="current">The current sample.</param>
    /// <returns>The distance in the unit of the values.</returns>
    public static double Wasserstein(IReadOnlyList<double> reference, IReadOnlyList<double> current)
    {
        var (a, b) = SortedCopies(reference, current);
        return SortedWasserstein(a, b);
    }

    /// <summary>Wasserstein-1 divided by max(population standard deviation of the reference, 0.001), as Evidently.</summary>
    /// <param name="reference">The reference sample.</param>
    /// <param name="current">The current sample.</param>
    /// <returns>The distance in reference standard deviations; Evidently's default drift mark is 0.1.</returns>
    public static double NormalizedWasserstein(IReadOnlyList<double> reference, IReadOnlyList<double> current)
    {
        var (a, b) = SortedCopies(reference, current);
        return SortedWasserstein(a, b) / Math.Max(PopulationStandardDeviation(a), StandardDeviationFloor);
    }

    /// <summary>
    /// PSI on a numeric column with the fixed binning: the nine inner edges are the reference deciles (linear
    /// interpolation, numpy's default), the outer edges are −∞ and +∞, a value v falls in the bin [e_i, e_{i+1}); shares are
    /// then floored at 1e-4 (<see cref="PopulationStabilityIndex(IReadOnlyList{double}, IReadOnlyList{double})"/>).
    /// </summary>
    /// <param name="reference">The reference sample.</param>
    /// <param name="current">The current sample.</param>
    /// <returns>The index.</returns>
    public static double PopulationStabilityIndexOfSamples(IReadOnlyList<double> reference, IReadOnlyList<double> current)
    {
        var (a, b) = SortedCopies(reference, current);
        var (r, c) = Binning.DecileShares(a, b);
        return PopulationStabilityIndex(r, c);
    }

    internal static double SortedWasserstein(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            throw new ArgumentException("Wasserstein needs two non-empty samples.");
        }

        double n1 = a.Length, n2 = b.Length, total = 0;
        int i = 0, j = 0;
        var prev = Math.Min(a[0], b[0]);
        while (i < a.Length || j < b.Length)
        {
            var x = j >= b.Length || (i < a.Length && a[i] <= b[j]) ? a[i] : b[j];
            total += Math.Abs((i / n1) - (j / n2)) * (x - prev);
            prev = x;
            while (i < a.Length && a[i] <= x)
            {
                i++;
            }

            while (j < b.Length && b[j] <= x)
            {
                j++;
            }
        }

        return total;
    }

    internal static double PopulationStandardDeviation(ReadOnlySpan<double> values)
    {
        double mean = 0, m2 = 0;
        for (var k = 0; k < values.Length; k++)
        {
            var delta = values[k] - mean;
            mean += delta / (k + 1);
            m2 += delta * (values[k] - mean);
        }

        return values.Length == 0 ? 0 : Math.Sqrt(m2 / values.Length);
    }

    internal static (List<string> Keys, double[] Reference, double[] Current) Align(IReadOnlyDictionary<string, long> reference, IReadOnlyDictionary<string, long> current)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        var keys = reference.Keys.Union(current.Keys).Order(StringComparer.Ordinal).ToList();
        return (keys,
            keys.Select(k => (double)reference.GetValueOrDefault(k)).ToArray(),
            keys.Select(k => (double)current.GetValueOrDefault(k)).ToArray());
    }

    private static double RelativeEntropy(double x, double y) => x > 0 ? x * Math.Log(x / y) : 0;

    private static void SameLength(IReadOnlyList<double> p, IReadOnlyList<double> q)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(q);
        if (p.Count != q.Count || p.Count == 0)
        {
            throw new ArgumentException($"Distributions must be non-empty and of equal length ({p.Count} vs {q.Count}).", nameof(q));
        }
    }

    private static (double[] A, double[] B) SortedCopies(IReadOnlyList<double> reference, IReadOnlyList<double> current)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        if (reference.Count == 0 || current.Count == 0)
        {
            throw new ArgumentException("Both samples must be non-empty.", reference.Count == 0 ? nameof(reference) : nameof(current));
        }

        var a = reference.ToArray();
        var b = current.ToArray();
        Array.Sort(a);
        Array.Sort(b);
        return (a, b);
    }
}
