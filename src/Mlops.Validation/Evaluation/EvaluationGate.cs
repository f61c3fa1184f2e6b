using System.Globalization;

namespace Mlops.Validation.Evaluation;

/// <summary>
/// Applies <see cref="MetricThreshold"/>s to a candidate's metrics and, when given, a baseline's (the champion's, evaluated
/// on the same data). The rules are MLflow's model validation rules.
/// </summary>
public static class EvaluationGate
{
    /// <summary>
    /// The margin MLflow demands of a candidate over a zero baseline when a relative change cannot be computed: the
    /// candidate must beat the baseline by at least this much (a plain "strictly better" check).
    /// </summary>
    public const double ZeroBaselineEpsilon = 1e-10;

    /// <summary>Gates <paramref name="candidate"/> metrics against <paramref name="thresholds"/> and an optional <paramref name="baseline"/>.</summary>
    /// <param name="candidate">The candidate's metric values by name.</param>
    /// <param name="baseline">The baseline's metric values by name, or <see langword="null"/> when there is no champion.</param>
    /// <param name="thresholds">The thresholds by metric name.</param>
    /// <returns>One result per threshold; a metric the candidate lacks fails, a metric the baseline lacks skips its baseline checks.</returns>
    public static EvaluationGateResult Evaluate(
        IReadOnlyDictionary<string, double> candidate,
        IReadOnlyDictionary<string, double>? baseline,
        IReadOnlyDictionary<string, MetricThreshold> thresholds)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(thresholds);
        foreach (var (name, threshold) in thresholds)
        {
            ArgumentException.ThrowIfNullOrEmpty(name, nameof(thresholds));
            ArgumentNullException.ThrowIfNull(threshold, nameof(thresholds));
            threshold.Validate(name);
        }

        var results = thresholds
            .OrderBy(t => t.Key, StringComparer.Ordinal)
            .Select(t => EvaluateMetric(t.Key, t.Value, candidate, baseline))
            .ToList();
        return new EvaluationGateResult(results.TrueForAll(r => r.Passed), baseline is not null, results);
    }

    private static MetricGateResult EvaluateMetric(
        string name,
        MetricThreshold threshold,
        IReadOnlyDictionary<string, double> candidate,
        IReadOnlyDictionary<string, double>? baseline)
    {
        double? baselineValue = baseline is not null && baseline.TryGetValue(name, out var b) ? b : null;
        var checks = new List<ThresholdCheck>(3);
        if (!candidate.TryGetValue(name, out var value))
        {
            var missing = new ThresholdCheck(
                ThresholdCheckKind.Threshold, false, false, threshold.Threshold, null, $"The candidate has no metric '{name}'.");
            return new MetricGateResult(name, null, baselineValue, threshold, [missing], false);
        }

        var better = threshold.GreaterIsBetter ? "≥" : "≤";
        if (threshold.Threshold is { } bound)
        {
            var passed = threshold.GreaterIsBetter ? value >= bound : value <= bound;
            checks.Add(new ThresholdCheck(
                ThresholdCheckKind.Threshold, passed, false, bound, value,
                Format($"{name} = {value} must be {better} {bound}: {(passed ? "passed" : "failed")}.")));
        }

        if (threshold.MinAbsoluteChange is { } minAbsolute)
        {
            checks.Add(baselineValue is { } bv ? AbsoluteCheck(name, value, bv, minAbsolute, threshold.GreaterIsBetter) : Skipped(ThresholdCheckKind.MinAbsoluteChange, name, minAbsolute, baseline is null));
        }

        if (threshold.MinRelativeChange is { } minRelative)
        {
            checks.Add(baselineValue is { } bv ? RelativeCheck(name, value, bv, minRelative, threshold.GreaterIsBetter) : Skipped(ThresholdCheckKind.MinRelativeChange, name, minRelative, baseline is null));
        }

        return new MetricGateResult(name, value, baselineValue, threshold, checks, checks.TrueForAll(c => c.Passed));
    }

    // Improvement is measured in the "better" direction, so a positive change is always an improvement.
    private static double Improvement(double candidate, double baseline, bool greaterIsBetter) =>
        greaterIsBetter ? candidate - baseline : baseline - candidate;

    private static ThresholdCheck AbsoluteCheck(string name, double value, double baseline, double minAbsolute, bool greaterIsBetter)
    {
        var change = Improvement(value, baseline, greaterIsBetter);
        // Compared as MLflow does (candidate against baseline ± min_absolute_change) so boundary cases round the same way.
        var passed = greaterIsBetter ? value >= baseline + minAbsolute : value <= baseline - minAbsolute;
        return new ThresholdCheck(
            ThresholdCheckKind.MinAbsoluteChange, passed, false, minAbsolute, change,
            Format($"{name} improves on the baseline by {change} ({value} vs {baseline}); required ≥ {minAbsolute}: {(passed ? "passed" : "failed")}."));
    }

    private static ThresholdCheck RelativeCheck(string name, double value, double baseline, double minRelative, bool greaterIsBetter)
    {
        var change = Improvement(value, baseline, greaterIsBetter);
        if (baseline == 0)
        {
            // MLflow cannot divide by a zero baseline and falls back to "the candidate is strictly better".
            var strictlyBetter = change >= ZeroBaselineEpsilon;
            return new ThresholdCheck(
                ThresholdCheckKind.MinRelativeChange, strictlyBetter, false, minRelative, null,
                Format($"{name}: the baseline is 0, so the relative change is undefined; the candidate ({value}) must be strictly better than the baseline instead: {(strictlyBetter ? "passed" : "failed")}."));
        }

        // |baseline| keeps the sign of the change meaningful for negative baselines (r_squared can be < 0); for the usual
        // positive baselines this is exactly MLflow's (candidate − baseline) / baseline.
        var relative = change / Math.Abs(baseline);
        var passed = relative >= minRelative;
        return new ThresholdCheck(
            ThresholdCheckKind.MinRelativeChange, passed, false, minRelative, relative,
            Format($"{name} improves on the baseline by {relative:P4} ({value} vs {baseline}); required ≥ {minRelative:P4}: {(passed ? "passed" : "failed")}."));
    }

    private static ThresholdCheck Skipped(ThresholdCheckKind kind, string name, double required, bool noBaseline) =>
        new(kind, true, true, required, null, noBaseline
            ? $"{name}: skipped, there is no baseline (champion) to compare with."
            : $"{name}: skipped, the baseline has no metric '{name}'.");

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
