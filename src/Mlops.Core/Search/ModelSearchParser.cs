using Mlops.Search.Parsing;

namespace Mlops.Search;

/// <summary>
/// Parses the registered-model search language: the grammar of <see cref="RunSearchParser"/> (comparisons joined by
/// <c>AND</c>, <c>OR</c> and parentheses; the same operators, literals and quoting) over the fields of a registered model.
/// </summary>
/// <remarks>
/// <para>
/// Fields: the attributes of <see cref="ModelAttributes"/>, bare or after <c>attributes.</c> — <c>name</c> and
/// <c>description</c> (strings: <c>= != LIKE ILIKE</c>), <c>created_at</c>, <c>updated_at</c> (Unix ms) and
/// <c>latest_version</c> (numbers: <c>= != &lt; &lt;= &gt; &gt;=</c>) — and <c>tags.KEY</c> (strings).
/// <c>metrics.KEY</c> and <c>params.KEY</c> belong to runs: naming them is a <see cref="SearchParseException"/> at the
/// field's position.
/// </para>
/// <para>Example: <c>name LIKE 'penguins%' AND (tags.team = 'ml' OR latest_version &gt;= 3)</c>.</para>
/// </remarks>
public static class ModelSearchParser
{
    /// <summary>The longest filter or order-by term accepted, in characters.</summary>
    public const int MaxInputLength = SearchTextParser.MaxInputLength;

    /// <summary>The deepest parenthesis nesting accepted in a filter.</summary>
    public const int MaxNestingDepth = SearchTextParser.MaxNestingDepth;

    /// <summary>Parses a filter such as <c>name ILIKE 'pen%' AND tags.stage = 'prod'</c>.</summary>
    /// <param name="filter">The filter text; <see langword="null"/>, empty or whitespace means no filter.</param>
    /// <returns>The expression tree, or <see langword="null"/> when there is no filter.</returns>
    /// <exception cref="SearchParseException">The text does not parse, or names a field models do not have.</exception>
    public static FilterExpression? ParseFilter(string? filter) =>
        string.IsNullOrWhiteSpace(filter) ? null : SearchTextParser.ParseFilter(filter, SearchLanguage.Models);

    /// <summary>Parses order-by terms such as <c>latest_version DESC</c> or <c>name</c> (ascending by default).</summary>
    /// <param name="orderBy">The terms; <see langword="null"/> or empty means none.</param>
    /// <returns>The parsed terms, in the order given.</returns>
    /// <exception cref="SearchParseException">A term is null, empty or does not parse.</exception>
    public static IReadOnlyList<OrderByTerm> ParseOrderBy(IEnumerable<string>? orderBy)
    {
        if (orderBy is null)
        {
            return [];
        }

        var terms = new List<OrderByTerm>();
        foreach (var term in orderBy)
        {
            terms.Add(SearchTextParser.ParseOrderByTerm(term, SearchLanguage.Models));
        }

        return terms;
    }
}
