using System.Text.Json.Serialization;

namespace Mlops.Validation.Fairness;

/// <summary>
/// Per-group classification metrics by one or more sensitive features, like Fairlearn's <c>MetricFrame</c>: the metrics over
/// all rows (<see cref="Overall"/>), the same metrics per group (<see cref="ByGroup"/>, one group per combination of feature
/// values that occurs), and their disparities (<see cref="Difference(FairnessMethod)"/>, <see cref="Ratio(FairnessMethod)"/>).
/// </summary>
/// <param name="SensitiveFeatureNames">The sensitive features, in the order of each group's values.</param>
/// <param name="PositiveClass">The class treated as positive, or <see langword="null"/> for an accuracy-only (multiclass) frame.</param>
/// <param name="Overall">The metrics over all rows.</param>
/// <param name="ByGroup">The metrics of each group, ordered by the groups' values (ordinal).</param>
public sealed partial record MetricFrame(
    IReadOnlyList<string> SensitiveFeatureNames,
    string? PositiveClass,
    [property: JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)] IReadOnlyDictionary<string, double> Overall,
    IReadOnlyList<GroupMetrics> ByGroup)
{
    /// <summary>Whether the frame holds the rate metrics (selection rate, TPR, FPR, ...) and not only count and accuracy.</summary>
    public bool HasRates => Overall.ContainsKey(FairnessMetricNames.SelectionRate);

    /// <summary>The smallest group value of each metric.</summary>
    public IReadOnlyDictionary<string, double> GroupMin() => Aggregate(values => values.Min());

    /// <summary>The largest group value of each metric.</summary>
    public IReadOnlyDictionary<string, double> GroupMax() => Aggregate(values => values.Max());

    /// <summary>The metrics of the group with these feature values, or <see langword="null"/> when no row has them.</summary>
    public GroupMetrics? FindGroup(params string[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return ByGroup.FirstOrDefault(g => g.Values.SequenceEqual(values, StringComparer.Ordinal));
    }

    /// <summary>
    /// The disparity of each metric as a difference: max − min over groups (<see cref="FairnessMethod.BetweenGroups"/>),
    /// or the largest |group − overall| (<see cref="FairnessMethod.ToOverall"/>). 0 means no disparity.
    /// </summary>
    public IReadOnlyDictionary<string, double> Difference(FairnessMethod method = FairnessMethod.BetweenGroups) =>
        Overall.Keys.ToDictionary(m => m, m => Difference(m, method), StringComparer.Ordinal);

    /// <summary>The disparity of one metric as a difference; see <see cref="Difference(FairnessMethod)"/>.</summary>
    public double Difference(string metric, FairnessMethod method = FairnessMethod.BetweenGroups)
    {
        var values = GroupValues(metric);
        return method switch
        {
            FairnessMethod.BetweenGroups => values.Max() - values.Min(),
            FairnessMethod.ToOverall => values.Max(v => Math.Abs(v - Overall[metric])),
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown fairness method."),
        };
    }

    /// <summary>
    /// The disparity of each metric as a ratio in [0, 1]: min / max over groups (<see cref="FairnessMethod.BetweenGroups"/>),
    /// or the smallest min(group / overall, overall / group) (<see cref="FairnessMethod.ToOverall"/>). 1 means no
    /// disparity. A ratio of 0 / 0 is <see cref="double.NaN"/>, as Fairlearn's pandas division gives; with
    /// <see cref="FairnessMethod.ToOverall"/> such groups are skipped (pandas <c>min</c> skips NaN) and the result is NaN
    /// only when every group is 0 / 0.
    /// </summary>
    public IReadOnlyDictionary<string, double> Ratio(FairnessMethod method = FairnessMethod.BetweenGroups) =>
        Overall.Keys.ToDictionary(m => m, m => Ratio(m, method), StringComparer.Ordinal);

    /// <summary>The disparity of one metric as a ratio; see <see cref="Ratio(FairnessMethod)"/>.</summary>
    public double Ratio(string metric, FairnessMethod method = FairnessMethod.BetweenGroups)
    {
        var values = GroupValues(metric);
        switch (method)
        {
            case FairnessMethod.BetweenGroups:
                return values.Min() / values.Max();
            case FairnessMethod.ToOverall:
                var overall = Overall[metric];
                var ratios = values
                    .Select(v => v / overall)
                    .Select(r => r > 1 ? 1 / r : r)
                    .Where(r => !double.IsNaN(r))
                    .ToList();
                return ratios.Count == 0 ? double.NaN : ratios.Min();
            default:
                throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown fairness method.");
        }
    }

    private List<double> GroupValues(string metric)
    {
        ArgumentException.ThrowIfNullOrEmpty(metric);
        if (!Overall.ContainsKey(metric))
        {
            throw new ArgumentException($"The metric frame has no metric '{metric}'; it has: {string.Join(", ", Overall.Keys)}.", nameof(metric));
        }

        return ByGroup.Select(g => g.Metrics[metric]).ToList();
    }

    private Dictionary<string, double> Aggregate(Func<IEnumerable<double>, double> aggregate) =>
        Overall.Keys.ToDictionary(m => m, m => aggregate(ByGroup.Select(g => g.Metrics[m])), StringComparer.Ordinal);
}
