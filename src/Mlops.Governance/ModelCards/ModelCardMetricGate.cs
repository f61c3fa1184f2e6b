namespace Mlops.Governance;

/// <summary>One metric of the evaluation gate.</summary>
/// <param name="Metric">The metric name.</param>
/// <param name="CandidateValue">This version's value, when computed.</param>
/// <param name="BaselineValue">The champion's value on the same data, when there was one.</param>
/// <param name="Passed">Whether the metric passed its threshold.</param>
public sealed record ModelCardMetricGate(string Metric, double? CandidateValue, double? BaselineValue, bool Passed);
