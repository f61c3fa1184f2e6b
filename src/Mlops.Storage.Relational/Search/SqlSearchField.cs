namespace Mlops.Storage.Relational.Search;

/// <summary>How a resolved search field compares.</summary>
internal enum SqlValueKind
{
    /// <summary>Numerically; LIKE and ILIKE are refused.</summary>
    Number,

    /// <summary>As case-sensitive text.</summary>
    Text,

    /// <summary>As text stored upper case (such as a run status): the literal is upper-cased, so every match is case-insensitive.</summary>
    UpperCaseText,
}

/// <summary>A search field resolved to SQL by an <see cref="ISearchFieldMap"/>.</summary>
/// <param name="Kind">How it compares.</param>
internal abstract record SqlSearchField(SqlValueKind Kind);

/// <summary>A column of the searched row, such as <c>r.start_time</c>; NULL never matches and sorts last.</summary>
/// <param name="Column">The column expression (a constant of the map, never caller input).</param>
/// <param name="Kind">How it compares.</param>
internal sealed record SqlColumnField(string Column, SqlValueKind Kind) : SqlSearchField(Kind);

/// <summary>
/// A value kept per key in a child table with <c>key</c> and <c>value</c> columns, such as <c>params</c>: a row without
/// the key never matches and sorts last. The key is bound as a parameter.
/// </summary>
/// <param name="Table">The child table.</param>
/// <param name="OwnerColumn">The child table's column that refers to the searched row.</param>
/// <param name="RowKey">The searched row's key expression, such as <c>r.run_key</c>.</param>
/// <param name="Key">The key (caller input, bound as a parameter).</param>
/// <param name="Kind">How the value compares.</param>
internal sealed record SqlKeyedField(string Table, string OwnerColumn, string RowKey, string Key, SqlValueKind Kind) : SqlSearchField(Kind);
