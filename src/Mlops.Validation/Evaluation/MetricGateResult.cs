using System.Text.Json.Serialization;

namespace Mlops.Validation.Evaluation;

/// <summary>The gate result for one metric.</summary>
/// <param name="Metric">The metric name (for example <c>macro_accuracy</c>).</param>
/// <param name="CandidateValue">The candidate's value, or <see langword="null"/> when the candidate lacks the metric.</param>
/// <param name="BaselineValue">The baseline (champion) value, or <see langword="null"/> when there is none.</param>
/// <param name="Threshold">The threshold applied.</param>
/// <param name="Checks">Every rule the threshold defines, in the order threshold, absolute change, relative change.</param>
/// <param name="Passed">Whether every check passed (skipped checks pass).</param>
public sealed record MetricGateResult(
    string Metric,
    [property: JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)] double? CandidateValue,
    [property: JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)] double? BaselineValue,
    MetricThreshold Threshold,
    IReadOnlyList<ThresholdCheck> Checks,
    bool Passed);
