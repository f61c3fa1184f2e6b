namespace Mlops.Governance;

/// <summary>The names a <see cref="PromotionPolicy.RequiredChecks"/> entry may use: parts of a validation report.</summary>
public static class ValidationCheckNames
{
    /// <summary>The data expectations ran and all passed.</summary>
    public const string Data = "data";

    /// <summary>Drift was measured and the data set did not drift.</summary>
    public const string Drift = "drift";

    /// <summary>The evaluation gate ran and every gated metric passed.</summary>
    public const string Evaluation = "evaluation";

    /// <summary>Fairness was assessed and the four-fifths rule passed.</summary>
    public const string Fairness = "fairness";

    /// <summary>The prefix of a check on one gated metric: <c>evaluation:macro_accuracy</c>.</summary>
    public const string EvaluationMetricPrefix = "evaluation:";

    /// <summary>The check on one gated metric of the evaluation gate.</summary>
    public static string EvaluationMetric(string metric)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(metric);
        return EvaluationMetricPrefix + metric;
    }

    /// <summary>Whether <paramref name="check"/> is a known part or a well-formed metric check.</summary>
    public static bool IsValid(string? check) =>
        check is Data or Drift or Evaluation or Fairness
        || (check is not null && check.StartsWith(EvaluationMetricPrefix, StringComparison.Ordinal) && !string.IsNullOrWhiteSpace(check[EvaluationMetricPrefix.Length..]));
}
