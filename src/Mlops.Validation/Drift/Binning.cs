namespace Mlops.Validation.Drift;

/// <summary>The fixed decile binning shared by PSI, and by Jensen–Shannon and Hellinger on numeric columns.</summary>
internal static class Binning
{
    /// <summary>Inner edges at the reference's 10%, …, 90% quantiles (linear interpolation between order statistics).</summary>
    internal static double[] DecileEdges(ReadOnlySpan<double> sortedReference)
    {
        var edges = new double[9];
        for (var k = 1; k <= 9; k++)
        {
            edges[k - 1] = Quantile(sortedReference, k / 10.0);
        }

        return edges;
    }

    internal static double Quantile(ReadOnlySpan<double> sorted, double q)
    {
        var pos = q * (sorted.Length - 1);
        var lo = (int)Math.Floor(pos);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((pos - lo) * (sorted[hi] - sorted[lo]));
    }

    /// <summary>Shares of each sorted sample in the ten bins (−∞, e1), [e1, e2), …, [e9, +∞).</summary>
    internal static (double[] Reference, double[] Current) DecileShares(ReadOnlySpan<double> sortedReference, ReadOnlySpan<double> sortedCurrent)
    {
        var edges = DecileEdges(sortedReference);
        return (Shares(sortedReference, edges), Shares(sortedCurrent, edges));
    }

    private static double[] Shares(ReadOnlySpan<double> sorted, double[] edges)
    {
        var shares = new double[edges.Length + 1];
        var previous = 0;
        for (var k = 0; k < edges.Length; k++)
        {
            var below = LowerBound(sorted, edges[k]);
            shares[k] = (below - previous) / (double)sorted.Length;
            previous = below;
        }

        shares[^1] = (sorted.Length - previous) / (double)sorted.Length;
        return shares;
    }

    /// <summary>Number of values strictly below x.</summary>
    private static int LowerBound(ReadOnlySpan<double> sorted, double x)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < x)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
