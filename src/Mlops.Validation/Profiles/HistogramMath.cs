namespace Mlops.Validation.Profiles;

/// <summary>Alignment, merging and reading of <see cref="NumericHistogram"/>s; mass is taken as uniform within a bin.</summary>
internal static class HistogramMath
{
    /// <summary>Both histograms as dense count arrays on one grid (the coarser exponent), over the union of their ranges.</summary>
    internal static (int Exponent, long First, double[] A, double[] B) Align(NumericHistogram a, NumericHistogram b)
    {
        var e = Math.Max(a.Exponent, b.Exponent);
        var (fa, ca) = Coarsen(a, e - a.Exponent);
        var (fb, cb) = Coarsen(b, e - b.Exponent);
        var first = Math.Min(fa, fb);
        var last = Math.Max(fa + ca.Length - 1, fb + cb.Length - 1);
        var ra = new double[last - first + 1];
        var rb = new double[last - first + 1];
        for (var i = 0; i < ca.Length; i++)
        {
            ra[fa - first + i] = ca[i];
        }

        for (var i = 0; i < cb.Length; i++)
        {
            rb[fb - first + i] = cb[i];
        }

        return (e, first, ra, rb);
    }

    internal static NumericHistogram Merge(NumericHistogram a, NumericHistogram b, int maxBins)
    {
        var (e, first, ra, rb) = Align(a, b);
        var merged = new NumericHistogram(e, first, ra.Zip(rb, (x, y) => (long)(x + y)).ToArray());
        var levels = 0;
        long lo = first, hi = first + ra.Length - 1;
        while (hi - lo + 1 > maxBins)
        {
            lo >>= 1;
            hi >>= 1;
            levels++;
        }

        var (f, c) = Coarsen(merged, levels);
        return new NumericHistogram(e + levels, f, c);
    }

    private static (long First, long[] Counts) Coarsen(NumericHistogram h, int levels)
    {
        if (levels == 0)
        {
            return (h.FirstBin, h.Counts.ToArray());
        }

        var first = h.FirstBin >> levels;
        var last = (h.FirstBin + h.Counts.Count - 1) >> levels;
        var counts = new long[last - first + 1];
        for (var i = 0; i < h.Counts.Count; i++)
        {
            counts[((h.FirstBin + i) >> levels) - first] += h.Counts[i];
        }

        return (first, counts);
    }

    /// <summary>∫ |F_a − F_b| dx with both CDFs piecewise linear inside each bin: exact for the binned data.</summary>
    internal static double Wasserstein(NumericHistogram a, NumericHistogram b)
    {
        var (e, _, ca, cb) = Align(a, b);
        double width = Math.ScaleB(1.0, e), ta = ca.Sum(), tb = cb.Sum(), fa = 0, fb = 0, total = 0;
        for (var i = 0; i < ca.Length; i++)
        {
            var d0 = fa - fb;
            fa += ca[i] / ta;
            fb += cb[i] / tb;
            var d1 = fa - fb;
            total += width * ((d0 >= 0) == (d1 >= 0)
                ? Math.Abs(d0 + d1) / 2
                : ((d0 * d0) + (d1 * d1)) / (2 * (Math.Abs(d0) + Math.Abs(d1))));
        }

        return total;
    }

    /// <summary>The q-quantile by linear interpolation inside the bin where the CDF reaches q.</summary>
    internal static double Quantile(NumericHistogram h, double q)
    {
        var target = q * h.Total;
        double width = h.BinWidth, cumulative = 0;
        for (var i = 0; i < h.Counts.Count; i++)
        {
            var c = h.Counts[i];
            if (c > 0 && cumulative + c >= target)
            {
                return ((h.FirstBin + i) * width) + ((target - cumulative) / c * width);
            }

            cumulative += c;
        }

        return (h.FirstBin + h.Counts.Count) * width;
    }

    /// <summary>Share of values below x.</summary>
    internal static double Cdf(NumericHistogram h, double x)
    {
        var width = h.BinWidth;
        var pos = (x / width) - h.FirstBin;
        double below = 0;
        for (var i = 0; i < h.Counts.Count && i < pos; i++)
        {
            below += h.Counts[i] * Math.Min(1.0, pos - i);
        }

        return below / h.Total;
    }

    /// <summary>Shares of both histograms in the ten bins cut at the reference's deciles (read from its histogram).</summary>
    internal static (double[] Reference, double[] Current) DecileShares(NumericHistogram reference, NumericHistogram current)
    {
        var edges = Enumerable.Range(1, 9).Select(k => Quantile(reference, k / 10.0)).ToArray();
        return (Shares(reference, edges), Shares(current, edges));
    }

    private static double[] Shares(NumericHistogram h, double[] edges)
    {
        var shares = new double[edges.Length + 1];
        double previous = 0;
        for (var k = 0; k < edges.Length; k++)
        {
            var c = Cdf(h, edges[k]);
            shares[k] = c - previous;
            previous = c;
        }

        shares[^1] = 1 - previous;
        return shares;
    }
}
