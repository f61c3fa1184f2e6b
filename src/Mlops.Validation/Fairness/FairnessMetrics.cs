using System.Globalization;

namespace Mlops.Validation.Fairness;

/// <summary>
/// Fairlearn's disparity metrics over a <see cref="MetricFrame"/> that has rates (a positive class). Differences are 0
/// and ratios 1 at parity.
/// </summary>
public static class FairnessMetrics
{
    /// <summary>The four-fifths rule's default threshold.</summary>
    public const double FourFifths = 0.8;

    /// <summary>Difference of selection rates between groups (Fairlearn's <c>demographic_parity_difference</c>).</summary>
    public static double DemographicParityDifference(MetricFrame frame, FairnessMethod method = FairnessMethod.BetweenGroups) =>
        RequireRates(frame).Difference(FairnessMetricNames.SelectionRate, method);

    /// <summary>Ratio of selection rates between groups (Fairlearn's <c>demographic_parity_ratio</c>).</summary>
    public static double DemographicParityRatio(MetricFrame frame, FairnessMethod method = FairnessMethod.BetweenGroups) =>
        RequireRates(frame).Ratio(FairnessMetricNames.SelectionRate, method);

    /// <summary>
    /// max(TPR difference, FPR difference) (Fairlearn's <c>equalized_odds_difference</c>, <c>agg="worst_case"</c>).
    /// Differences of rates are never NaN.
    /// </summary>
    public static double EqualizedOddsDifference(MetricFrame frame, FairnessMethod method = FairnessMethod.BetweenGroups)
    {
        RequireRates(frame);
        return PythonMax(
            frame.Difference(FairnessMetricNames.TruePositiveRate, method),
            frame.Difference(FairnessMetricNames.FalsePositiveRate, method));
    }

    /// <summary>
    /// min(TPR ratio, FPR ratio) (Fairlearn's <c>equalized_odds_ratio</c>). Fairlearn takes Python's built-in <c>min</c>
    /// over [TPR ratio, FPR ratio], and so does this: an undefined (NaN, 0 / 0) TPR ratio gives NaN, an undefined FPR ratio
    /// gives the TPR ratio.
    /// </summary>
    public static double EqualizedOddsRatio(MetricFrame frame, FairnessMethod method = FairnessMethod.BetweenGroups)
    {
        RequireRates(frame);
        return PythonMin(
            frame.Ratio(FairnessMetricNames.TruePositiveRate, method),
            frame.Ratio(FairnessMetricNames.FalsePositiveRate, method));
    }

    /// <summary>Difference of true positive rates (Fairlearn's <c>equal_opportunity_difference</c>).</summary>
    public static double EqualOpportunityDifference(MetricFrame frame, FairnessMethod method = FairnessMethod.BetweenGroups) =>
        RequireRates(frame).Difference(FairnessMetricNames.TruePositiveRate, method);

    /// <summary>Ratio of true positive rates (Fairlearn's <c>equal_opportunity_ratio</c>).</summary>
    public static double EqualOpportunityRatio(MetricFrame frame, FairnessMethod method = FairnessMethod.BetweenGroups) =>
        RequireRates(frame).Ratio(FairnessMetricNames.TruePositiveRate, method);

    /// <summary>
    /// The four-fifths rule: the demographic parity ratio between groups (lowest / highest selection rate) must be ≥
    /// <paramref name="threshold"/>. When no group selects anyone the ratio is 0 / 0 (NaN) and the rule does not pass.
    /// </summary>
    public static FourFifthsRuleResult FourFifthsRule(MetricFrame frame, double threshold = FourFifths)
    {
        if (!double.IsFinite(threshold) || threshold <= 0 || threshold > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The four-fifths threshold must be in (0, 1].");
        }

        var ratio = DemographicParityRatio(frame);
        var passed = ratio >= threshold;
        var message = double.IsNaN(ratio)
            ? "The selection rate ratio is undefined (no group has a positive prediction); the four-fifths rule cannot pass."
            : string.Format(
                CultureInfo.InvariantCulture,
                "Lowest / highest group selection rate = {0:0.######}; required ≥ {1}: {2}.",
                ratio,
                threshold,
                passed ? "passed" : "failed");
        return new FourFifthsRuleResult(ratio, threshold, passed, message);
    }

    /// <summary>Every disparity metric of <paramref name="frame"/> with one <paramref name="method"/>, and the four-fifths rule.</summary>
    public static FairnessReport Assess(MetricFrame frame, FairnessMethod method = FairnessMethod.BetweenGroups, double fourFifthsThreshold = FourFifths) =>
        new(
            RequireRates(frame),
            method,
            DemographicParityDifference(frame, method),
            DemographicParityRatio(frame, method),
            EqualizedOddsDifference(frame, method),
            EqualizedOddsRatio(frame, method),
            EqualOpportunityDifference(frame, method),
            EqualOpportunityRatio(frame, method),
            FourFifthsRule(frame, fourFifthsThreshold));

    private static MetricFrame RequireRates(MetricFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (!frame.HasRates)
        {
            throw new ArgumentException("The metric frame is accuracy-only; build it with a positive class to compute parity metrics.", nameof(frame));
        }

        return frame;
    }

    // Python's built-in max/min keep the first item unless a later one compares greater/less; NaN never does.
    private static double PythonMax(double first, double second) => second > first ? second : first;

    private static double PythonMin(double first, double second) => second < first ? second : first;
}
