namespace Mlops.Validation.Profiles;

/// <summary>
/// A compact, mergeable summary of one column. NaN and ±∞ count as nulls. Moments merge with Chan's parallel formula;
/// the histogram and distinct values merge exactly; category counts merge exactly while within the category bound.
/// </summary>
public sealed record ColumnProfile
{
    /// <summary>Column name.</summary>
    public required string Name { get; init; }

    /// <summary>Numeric or categorical.</summary>
    public required ProfileColumnKind Kind { get; init; }

    /// <summary>Rows seen, nulls included.</summary>
    public long RowCount { get; init; }

    /// <summary>Rows that were null (or NaN / ±∞ for numbers).</summary>
    public long NullCount { get; init; }

    /// <summary>Non-null rows.</summary>
    public long ValueCount => RowCount - NullCount;

    /// <summary>Smallest value (numeric, non-empty).</summary>
    public double? Min { get; init; }

    /// <summary>Largest value (numeric, non-empty).</summary>
    public double? Max { get; init; }

    /// <summary>Mean (numeric, non-empty).</summary>
    public double? Mean { get; init; }

    /// <summary>Sum of squared deviations from the mean (Welford's M2); population variance = M2 / values.</summary>
    public double SumSquaredDeviations { get; init; }

    /// <summary>Population variance (ddof = 0), or <see langword="null"/> when empty.</summary>
    public double? Variance => ValueCount > 0 && Kind == ProfileColumnKind.Numeric ? SumSquaredDeviations / ValueCount : null;

    /// <summary>The distinct values, while there are at most <see cref="DistinctLimit"/>; <see langword="null"/> once there are more.</summary>
    public IReadOnlyList<double>? DistinctValues { get; init; }

    /// <summary>How often each of <see cref="DistinctValues"/> occurs, in the same order.</summary>
    public IReadOnlyList<long>? DistinctCounts { get; init; }

    /// <summary>The histogram of numeric values (<see langword="null"/> for text or an empty column).</summary>
    public NumericHistogram? Histogram { get; init; }

    /// <summary>Counts per category (text columns), at most <see cref="ProfileOptions.MaxCategories"/> of them.</summary>
    public IReadOnlyDictionary<string, long>? Categories { get; init; }

    /// <summary>Rows in categories not kept individually because of the category bound.</summary>
    public long OtherCount { get; init; }

    /// <summary>How many distinct numeric values are remembered: one more than Evidently's few-values limit of 5.</summary>
    public const int DistinctLimit = 6;
}
