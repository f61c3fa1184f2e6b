namespace Mlops.Validation.Drift;

/// <summary>The outcome of one statistical test or distance.</summary>
/// <param name="Statistic">The test statistic (KS D, chi-square, z) or the distance value.</param>
/// <param name="PValue">The p-value for hypothesis tests; <see langword="null"/> for distances.</param>
/// <param name="Method">How the p-value was computed (for example <c>exact</c> or <c>asymptotic</c>), or the distance's name.</param>
public sealed record StatisticalTestResult(double Statistic, double? PValue, string Method);
