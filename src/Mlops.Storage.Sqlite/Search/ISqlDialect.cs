namespace Mlops.Storage.Sqlite.Search;

/// <summary>
/// What differs between SQL engines in search (runs and registered models). The translator emits everything else; a PostgreSQL provider would
/// implement this with <c>LIKE</c>/<c>ILIKE</c> and an escaped pattern.
/// </summary>
internal interface ISqlDialect
{
    /// <summary>The placeholder of the parameter with the index, such as <c>$p3</c>.</summary>
    string ParameterName(int index);

    /// <summary>A pattern match of <paramref name="column"/> against the pattern parameter.</summary>
    string PatternMatch(string column, string parameterName);

    /// <summary>Turns a filter's LIKE pattern (<c>%</c>, <c>_</c> wildcards) into the value bound for <see cref="PatternMatch"/>.</summary>
    string TranslatePattern(string likePattern, bool caseSensitive);
}
