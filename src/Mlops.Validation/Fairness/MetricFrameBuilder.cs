namespace Mlops.Validation.Fairness;

/// <summary>Counts confusion cells per group in one pass and turns them into <see cref="MetricFrame"/> metrics.</summary>
internal static class MetricFrameBuilder
{
    private const string NullGroupValue = "(null)";

    public static MetricFrame Build(
        IReadOnlyList<bool>? truePositive,
        IReadOnlyList<bool>? predPositive,
        IReadOnlyList<bool> correct,
        IReadOnlyList<SensitiveFeature> features,
        string? positiveClass)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.Count == 0)
        {
            throw new ArgumentException("At least one sensitive feature is required.", nameof(features));
        }

        var rows = correct.Count;
        if (rows == 0)
        {
            throw new ArgumentException("The metric frame needs at least one row; every metric of an empty group is undefined.", nameof(correct));
        }

        foreach (var feature in features)
        {
            ArgumentNullException.ThrowIfNull(feature, nameof(features));
            ArgumentException.ThrowIfNullOrEmpty(feature.Name, nameof(features));
            if (feature.Values is null || feature.Values.Count != rows)
            {
                throw new ArgumentException($"Sensitive feature '{feature.Name}' has {feature.Values?.Count ?? 0} values but there are {rows} rows; they must be aligned.", nameof(features));
            }
        }

        if (features.Select(f => f.Name).Distinct(StringComparer.Ordinal).Count() != features.Count)
        {
            throw new ArgumentException("Sensitive feature names must be distinct.", nameof(features));
        }

        var overall = new Counts();
        var groups = new Dictionary<GroupKey, Counts>();
        for (var i = 0; i < rows; i++)
        {
            var key = new GroupKey(features.Select(f => f.Values[i] ?? NullGroupValue).ToArray());
            if (!groups.TryGetValue(key, out var counts))
            {
                counts = new Counts();
                groups[key] = counts;
            }

            var hasRates = truePositive is not null && predPositive is not null;
            counts.Add(correct[i], hasRates && truePositive![i], hasRates && predPositive![i]);
            overall.Add(correct[i], hasRates && truePositive![i], hasRates && predPositive![i]);
        }

        var withRates = truePositive is not null;
        var byGroup = groups
            .OrderBy(g => g.Key, GroupKeyComparer.Instance)
            .Select(g => new GroupMetrics(g.Key.Values, g.Value.ToMetrics(withRates)))
            .ToList();
        return new MetricFrame(features.Select(f => f.Name).ToList(), positiveClass, overall.ToMetrics(withRates), byGroup);
    }

    private sealed class Counts
    {
        private long _n;
        private long _correct;
        private long _tp;
        private long _fp;
        private long _tn;
        private long _fn;

        public void Add(bool correct, bool actualPositive, bool predictedPositive)
        {
            _n++;
            _correct += correct ? 1 : 0;
            switch ((actualPositive, predictedPositive))
            {
                case (true, true): _tp++; break;
                case (false, true): _fp++; break;
                case (false, false): _tn++; break;
                default: _fn++; break;
            }
        }

        public SortedDictionary<string, double> ToMetrics(bool withRates)
        {
            var metrics = new SortedDictionary<string, double>(StringComparer.Ordinal)
            {
                [FairnessMetricNames.Count] = _n,
                [FairnessMetricNames.Accuracy] = (double)_correct / _n,
            };
            if (withRates)
            {
                metrics[FairnessMetricNames.SelectionRate] = (double)(_tp + _fp) / _n;
                metrics[FairnessMetricNames.TruePositiveRate] = Rate(_tp, _tp + _fn);
                metrics[FairnessMetricNames.FalsePositiveRate] = Rate(_fp, _fp + _tn);
                metrics[FairnessMetricNames.FalseNegativeRate] = Rate(_fn, _tp + _fn);
                metrics[FairnessMetricNames.Precision] = Rate(_tp, _tp + _fp);
            }

            return metrics;
        }

        // Fairlearn's rates come from scikit-learn's normalized confusion matrix (nan_to_num) and precision_score
        // (zero_division default): an empty denominator gives 0, not NaN.
        private static double Rate(long numerator, long denominator) => denominator == 0 ? 0 : (double)numerator / denominator;
    }

    private sealed class GroupKey(string[] values) : IEquatable<GroupKey>
    {
        public string[] Values { get; } = values;

        public bool Equals(GroupKey? other) => other is not null && Values.AsSpan().SequenceEqual(other.Values);

        public override bool Equals(object? obj) => Equals(obj as GroupKey);

        public override int GetHashCode()
        {
            var hash = default(HashCode);
            foreach (var v in Values)
            {
                hash.Add(v, StringComparer.Ordinal);
            }

            return hash.ToHashCode();
        }
    }

    private sealed class GroupKeyComparer : IComparer<GroupKey>
    {
        public static readonly GroupKeyComparer Instance = new();

        public int Compare(GroupKey? x, GroupKey? y)
        {
            for (var i = 0; i < x!.Values.Length; i++)
            {
                var c = string.CompareOrdinal(x.Values[i], y!.Values[i]);
                if (c != 0)
                {
                    return c;
                }
            }

            return 0;
        }
    }
}
