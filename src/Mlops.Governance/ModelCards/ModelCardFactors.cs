namespace Mlops.Governance;

/// <summary>Factors: the sensitive features and groups the validation report evaluated (generated) and why (written).</summary>
/// <param name="SensitiveFeatures">The sensitive features fairness was assessed on.</param>
/// <param name="Groups">The groups found in the evaluation data (their values joined with <c>", "</c>).</param>
/// <param name="RelevantFactors">Written: the factors relevant to performance.</param>
/// <param name="EvaluationFactors">Written: which factors the evaluation covered.</param>
public sealed record ModelCardFactors(
    IReadOnlyList<string> SensitiveFeatures,
    IReadOnlyList<string> Groups,
    string? RelevantFactors,
    string? EvaluationFactors);
