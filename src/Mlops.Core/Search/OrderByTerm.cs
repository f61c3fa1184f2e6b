namespace Mlops.Search;

/// <summary>One ordering key, such as <c>metrics.accuracy DESC</c>. Runs lacking the field sort last.</summary>
/// <param name="Field">The field to order by.</param>
/// <param name="Descending">Whether to sort in descending order.</param>
public sealed record OrderByTerm(SearchField Field, bool Descending);
