using System.Text.Json.Serialization;

namespace Mlops.Validation.Evaluation;

/// <summary>The outcome of one rule of a <see cref="MetricThreshold"/>.</summary>
/// <param name="Kind">The rule.</param>
/// <param name="Passed">Whether the rule held; a skipped check counts as passed.</param>
/// <param name="Skipped">Whether the rule could not be applied (no baseline).</param>
/// <param name="Required">The bound the rule demanded (threshold, or the minimum change); <see langword="null"/> when the candidate lacks the metric and no threshold was set.</param>
/// <param name="Observed">What was measured: the candidate value, or its absolute or relative change over the baseline.</param>
/// <param name="Message">A sentence naming the values and the rule.</param>
public sealed record ThresholdCheck(
    ThresholdCheckKind Kind,
    bool Passed,
    bool Skipped,
    [property: JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)] double? Required,
    [property: JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)] double? Observed,
    string Message);
