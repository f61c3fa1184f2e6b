namespace Mlops.Validation.Profiles;

/// <summary>
/// A mergeable equi-width histogram on a power-of-two grid: bin b covers [b·2^Exponent, (b+1)·2^Exponent). The exponent
/// starts at −20 and grows by one (adjacent bins merge pairwise) whenever the occupied bins would exceed the bin limit
/// (default 2048), so the final grid depends only on the data's minimum and maximum — which is why merging two
/// histograms gives exactly the histogram built in one pass. The bin width is at most 2 × range / (limit − 1): with the
/// default, about range/1000; quantiles and Wasserstein distances read from it are accurate to one bin width.
/// </summary>
/// <param name="Exponent">Bin width is 2^Exponent.</param>
/// <param name="FirstBin">Index of the first stored bin.</param>
/// <param name="Counts">Counts of the consecutive bins starting at <paramref name="FirstBin"/>.</param>
public sealed record NumericHistogram(int Exponent, long FirstBin, IReadOnlyList<long> Counts)
{
    /// <summary>Width of one bin.</summary>
    public double BinWidth => Math.ScaleB(1.0, Exponent);

    /// <summary>Total count.</summary>
    public long Total => Counts.Sum();
}
