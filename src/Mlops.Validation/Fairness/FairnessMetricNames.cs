namespace Mlops.Validation.Fairness;

/// <summary>The names of the per-group metrics a <see cref="MetricFrame"/> holds (Fairlearn's function names).</summary>
public static class FairnessMetricNames
{
    /// <summary>Rows in the group.</summary>
    public const string Count = "count";

    /// <summary>Share of rows predicted positive: (TP + FP) / n.</summary>
    public const string SelectionRate = "selection_rate";

    /// <summary>Share of rows whose prediction equals the label (over all classes for multiclass).</summary>
    public const string Accuracy = "accuracy";

    /// <summary>TP / (TP + FN); 0 when the group has no positive label (scikit-learn's convention, which Fairlearn inherits).</summary>
    public const string TruePositiveRate = "true_positive_rate";

    /// <summary>FP / (FP + TN); 0 when the group has no negative label.</summary>
    public const string FalsePositiveRate = "false_positive_rate";

    /// <summary>FN / (TP + FN); 0 when the group has no positive label.</summary>
    public const string FalseNegativeRate = "false_negative_rate";

    /// <summary>TP / (TP + FP); 0 when the group has no positive prediction (scikit-learn's <c>zero_division</c> default).</summary>
    public const string Precision = "precision";
}
