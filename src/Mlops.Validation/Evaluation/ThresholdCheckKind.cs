namespace Mlops.Validation.Evaluation;

/// <summary>The rule a <see cref="ThresholdCheck"/> applied.</summary>
public enum ThresholdCheckKind
{
    /// <summary>The candidate value against <see cref="MetricThreshold.Threshold"/>.</summary>
    Threshold,

    /// <summary>The candidate's improvement over the baseline against <see cref="MetricThreshold.MinAbsoluteChange"/>.</summary>
    MinAbsoluteChange,

    /// <summary>The candidate's relative improvement over the baseline against <see cref="MetricThreshold.MinRelativeChange"/>.</summary>
    MinRelativeChange,
}
