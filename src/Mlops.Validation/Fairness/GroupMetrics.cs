using System.Text.Json.Serialization;

namespace Mlops.Validation.Fairness;

/// <summary>The metrics of one group: one combination of sensitive feature values that occurs in the data.</summary>
/// <param name="Values">The group's value of each sensitive feature, in the order of <see cref="MetricFrame.SensitiveFeatureNames"/>.</param>
/// <param name="Metrics">The group's metrics by name (<see cref="FairnessMetricNames"/>).</param>
public sealed record GroupMetrics(
    IReadOnlyList<string> Values,
    [property: JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)] IReadOnlyDictionary<string, double> Metrics)
{
    /// <summary>The group's label: its values joined with <c>", "</c>.</summary>
    public string Key => string.Join(", ", Values);
}
