namespace Mlops.Validation.Evaluation;

/// <summary>
/// A gate on one metric with MLflow's <c>MetricThreshold</c> semantics. Every bound is optional; a threshold with no
/// bound passes. When <see cref="GreaterIsBetter"/> is <see langword="true"/>: candidate ≥ <see cref="Threshold"/>,
/// candidate − baseline ≥ <see cref="MinAbsoluteChange"/>, (candidate − baseline) / |baseline| ≥
/// <see cref="MinRelativeChange"/>; mirrored (≤, baseline − candidate) when lower is better.
/// </summary>
/// <param name="Threshold">The absolute bound the candidate value must reach (≥ when higher is better, ≤ otherwise).</param>
/// <param name="MinAbsoluteChange">The minimum improvement over the baseline, in the metric's units (≥ 0).</param>
/// <param name="MinRelativeChange">The minimum improvement over the baseline as a fraction of |baseline| (≥ 0).</param>
/// <param name="GreaterIsBetter">Whether a higher value is an improvement (accuracy) or a lower one (rmse, log_loss).</param>
public sealed record MetricThreshold(
    double? Threshold = null,
    double? MinAbsoluteChange = null,
    double? MinRelativeChange = null,
    bool GreaterIsBetter = true)
{
    /// <summary>Whether the threshold compares against a baseline (needs a champion).</summary>
    public bool NeedsBaseline => MinAbsoluteChange is not null || MinRelativeChange is not null;

    /// <summary>Throws <see cref="ArgumentException"/> when a bound is not a finite number or a change is negative.</summary>
    public void Validate(string metricName)
    {
        if (Threshold is { } t && !double.IsFinite(t))
        {
            throw new ArgumentException($"The threshold of metric '{metricName}' must be a finite number.");
        }

        if (MinAbsoluteChange is { } a && (!double.IsFinite(a) || a < 0))
        {
            throw new ArgumentException($"The minimum absolute change of metric '{metricName}' must be a finite number ≥ 0.");
        }

        if (MinRelativeChange is { } r && (!double.IsFinite(r) || r < 0))
        {
            throw new ArgumentException($"The minimum relative change of metric '{metricName}' must be a finite number ≥ 0.");
        }
    }
}
