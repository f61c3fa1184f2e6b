namespace Mlops.Serving;

/// <summary>A prediction with where it came from.</summary>
/// <typeparam name="TOut">The output row type.</typeparam>
/// <param name="Output">The model's output.</param>
/// <param name="ModelName">The registered model that answered.</param>
/// <param name="Version">The version that answered.</param>
/// <param name="Variant">The variant that answered: <c>primary</c> or <c>canary</c>.</param>
/// <param name="Issues">Input issues flagged (and served anyway) by the serve-time checks; empty when the row was clean.</param>
public sealed record Prediction<TOut>(TOut Output, string ModelName, int Version, string Variant, IReadOnlyList<InputIssue> Issues);
