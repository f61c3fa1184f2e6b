namespace Mlops.Storage.Relational.Search;

/// <summary>
/// The SQL that differs between the engines behind <see cref="RelationalMlopsStore"/>: pattern matching and parameter
/// names of search (runs and registered models), how a set of integer keys is bound and matched, a prefix match, and
/// the statement that moves the journal head. Everything else the store and the search translator emit is the same
/// text on SQLite and PostgreSQL (both bind <c>@name</c> parameters, <c>ON CONFLICT</c>, <c>RETURNING</c> and <c>LIMIT</c>).
/// </summary>
internal interface ISqlDialect
{
    /// <summary>The placeholder of the parameter with the index, such as <c>$p3</c>.</summary>
    string ParameterName(int index);

    /// <summary>A pattern match of <paramref name="column"/> against the pattern parameter.</summary>
    string PatternMatch(string column, string parameterName);

    /// <summary>Turns a filter's LIKE pattern (<c>%</c>, <c>_</c> wildcards) into the value bound for <see cref="PatternMatch"/>.</summary>
    string TranslatePattern(string likePattern, bool caseSensitive);

    /// <summary>A condition true when <paramref name="column"/> is one of the keys bound as <c>@keys</c> by <see cref="KeySet"/>.</summary>
    string InKeys(string column);

    /// <summary>The value that binds a set of integer keys as the one parameter <c>@keys</c>.</summary>
    object KeySet(IReadOnlyCollection<long> keys);

    /// <summary>A condition true when the text of <paramref name="column"/> starts with the text parameter <paramref name="parameterName"/>.</summary>
    string StartsWith(string column, string parameterName);

    /// <summary>
    /// The statement run after a journal row is inserted, binding <c>@seq</c> and <c>@hash</c>: it moves the head row to
    /// the new entry (and on PostgreSQL also queues the commit-time notification in the same round trip).
    /// </summary>
    string AdvanceJournalHead { get; }
}
