namespace Mlops.Validation.Evaluation;

/// <summary>The result of gating a candidate's metrics against thresholds and, when present, a baseline.</summary>
/// <param name="Passed">Whether every metric passed.</param>
/// <param name="BaselineAvailable">Whether baseline metrics were given; when not, every baseline check is skipped.</param>
/// <param name="Metrics">One result per gated metric, ordered by metric name (ordinal).</param>
public sealed record EvaluationGateResult(
    bool Passed,
    bool BaselineAvailable,
    IReadOnlyList<MetricGateResult> Metrics);
