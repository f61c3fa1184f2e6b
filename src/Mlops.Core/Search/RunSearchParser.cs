using Mlops.Search.Parsing;

namespace Mlops.Search;

/// <summary>
/// Parses the run search language: MLflow's <c>search_runs</c> filter syntax extended with <c>OR</c> and parentheses,
/// and <c>order_by</c> terms. Literals end up as values in the tree, never as query text, so a provider binds them as
/// parameters.
/// </summary>
/// <remarks>
/// <para>Filter grammar (keywords case-insensitive, <c>AND</c> binds tighter than <c>OR</c>, both left-associative):</para>
/// <code>
/// expr       := term (OR term)*
/// term       := factor (AND factor)*
/// factor     := '(' expr ')' | comparison
/// comparison := field op literal
/// field      := (metrics|metric|params|param|tags|tag|attributes|attribute) '.' key | attribute-name
/// key        := [\w.\-/]+ | `back-quoted` | "double-quoted"     (a doubled quote escapes itself)
/// op         := = | != | &lt; | &lt;= | &gt; | &gt;= | LIKE | ILIKE
/// literal    := number | 'string' | "string"                   (a doubled quote escapes itself)
/// </code>
/// <para>
/// Metrics and numeric attributes (<see cref="RunAttributes.IsNumeric"/>) take finite numbers and the operators
/// <c>= != &lt; &lt;= &gt; &gt;=</c>; params, tags and string attributes take quoted strings and <c>= != LIKE ILIKE</c>.
/// Keys must satisfy <see cref="InputRules.IsValidKey"/>; attribute names must be in <see cref="RunAttributes.All"/>.
/// </para>
/// <para>
/// Every malformed input raises <see cref="SearchParseException"/> naming the position and what was expected; inputs
/// longer than 10,000 characters or nested deeper than 64 parentheses are refused the same way.
/// </para>
/// </remarks>
public static class RunSearchParser
{
    /// <summary>The longest filter or order-by term accepted, in characters.</summary>
    public const int MaxInputLength = SearchTextParser.MaxInputLength;

    /// <summary>The deepest parenthesis nesting accepted in a filter.</summary>
    public const int MaxNestingDepth = SearchTextParser.MaxNestingDepth;

    /// <summary>
    /// Parses a filter such as <c>metrics.acc &gt; 0.9 AND (params.model = 'tree' OR tags.team ILIKE 'ml%')</c>.
    /// </summary>
    /// <param name="filter">The filter text; <see langword="null"/>, empty or whitespace means no filter.</param>
    /// <returns>The expression tree, or <see langword="null"/> when there is no filter.</returns>
    /// <exception cref="SearchParseException">The text does not parse; the exception names the position and what was expected.</exception>
    public static FilterExpression? ParseFilter(string? filter) =>
        string.IsNullOrWhiteSpace(filter) ? null : SearchTextParser.ParseFilter(filter, SearchLanguage.Runs);

    /// <summary>Parses order-by terms such as <c>metrics.acc DESC</c> or <c>attributes.start_time</c> (ascending by default).</summary>
    /// <param name="orderBy">The terms, one field with an optional <c>ASC</c> or <c>DESC</c> each; <see langword="null"/> or empty means none.</param>
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
            terms.Add(SearchTextParser.ParseOrderByTerm(term, SearchLanguage.Runs));
        }

        return terms;
    }
}
