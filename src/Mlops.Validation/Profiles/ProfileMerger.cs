namespace Mlops.Validation.Profiles;

/// <summary>Chan's parallel moments, exact histogram and distinct-value merges, summed category counts.</summary>
internal static class ProfileMerger
{
    internal static ColumnProfile Merge(ColumnProfile a, ColumnProfile b, ProfileOptions options)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (!string.Equals(a.Name, b.Name, StringComparison.Ordinal) || a.Kind != b.Kind)
        {
            throw new MlopsSchemaMismatchException(b.Name, $"cannot merge {b.Kind} column '{b.Name}' into {a.Kind} column '{a.Name}'");
        }

        if (a.Kind == ProfileColumnKind.Categorical)
        {
            var categories = new Dictionary<string, long>(a.Categories ?? new Dictionary<string, long>(), StringComparer.Ordinal);
            foreach (var (key, value) in b.Categories ?? new Dictionary<string, long>())
            {
                categories[key] = categories.GetValueOrDefault(key) + value;
            }

            var other = a.OtherCount + b.OtherCount;
            ColumnAccumulator.Prune(categories, options.MaxCategories, ref other);
            return a with { RowCount = a.RowCount + b.RowCount, NullCount = a.NullCount + b.NullCount, Categories = categories, OtherCount = other };
        }

        if (a.ValueCount == 0)
        {
            return b with { RowCount = a.RowCount + b.RowCount, NullCount = a.NullCount + b.NullCount };
        }

        if (b.ValueCount == 0)
        {
            return a with { RowCount = a.RowCount + b.RowCount, NullCount = a.NullCount + b.NullCount };
        }

        double na = a.ValueCount, nb = b.ValueCount, n = na + nb;
        var delta = b.Mean!.Value - a.Mean!.Value;
        SortedDictionary<double, long>? distinct = null;
        if (a.DistinctValues is not null && b.DistinctValues is not null && a.DistinctCounts is not null && b.DistinctCounts is not null)
        {
            distinct = [];
            foreach (var (value, count) in a.DistinctValues.Zip(a.DistinctCounts).Concat(b.DistinctValues.Zip(b.DistinctCounts)))
            {
                distinct[value] = distinct.GetValueOrDefault(value) + count;
            }

            if (distinct.Count > ColumnProfile.DistinctLimit)
            {
                distinct = null;
            }
        }

        return a with
        {
            RowCount = a.RowCount + b.RowCount,
            NullCount = a.NullCount + b.NullCount,
            Min = Math.Min(a.Min!.Value, b.Min!.Value),
            Max = Math.Max(a.Max!.Value, b.Max!.Value),
            Mean = a.Mean.Value + (delta * nb / n),
            SumSquaredDeviations = a.SumSquaredDeviations + b.SumSquaredDeviations + (delta * delta * na * nb / n),
            DistinctValues = distinct?.Keys.ToArray(),
            DistinctCounts = distinct?.Values.ToArray(),
            Histogram = HistogramMath.Merge(a.Histogram!, b.Histogram!, options.MaxBins),
        };
    }
}
