namespace Mlops.Validation.Fairness;

/// <summary>One sensitive feature: its name and one value per row (aligned with the labels).</summary>
/// <param name="Name">The feature name, for example <c>Sex</c>.</param>
/// <param name="Values">The value of each row; a <see langword="null"/> value becomes its own group, <c>(null)</c>.</param>
public sealed record SensitiveFeature(string Name, IReadOnlyList<string?> Values);
