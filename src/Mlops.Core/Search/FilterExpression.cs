namespace Mlops.Search;

/// <summary>A parsed run filter: a tree of comparisons joined by AND and OR. Providers translate it into parameterized queries.</summary>
public abstract record FilterExpression;

/// <summary>Both sides must hold.</summary>
/// <param name="Left">The left operand.</param>
/// <param name="Right">The right operand.</param>
public sealed record AndExpression(FilterExpression Left, FilterExpression Right) : FilterExpression;

/// <summary>Either side must hold.</summary>
/// <param name="Left">The left operand.</param>
/// <param name="Right">The right operand.</param>
public sealed record OrExpression(FilterExpression Left, FilterExpression Right) : FilterExpression;

/// <summary>
/// A field compared with a literal. <see cref="Value"/> is a <see cref="double"/> for metrics and numeric attributes,
/// else a <see cref="string"/>. A run without the field (metric, param or tag not logged) never matches.
/// </summary>
/// <param name="Field">The field.</param>
/// <param name="Operator">The comparison.</param>
/// <param name="Value">The literal: a <see cref="double"/> or a <see cref="string"/>.</param>
public sealed record ComparisonExpression(SearchField Field, ComparisonOperator Operator, object Value) : FilterExpression;
