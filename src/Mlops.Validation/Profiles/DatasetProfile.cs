namespace Mlops.Validation.Profiles;

/// <summary>Profiles of every column of a data set: the reference stored with a model version, or a window of serving data.</summary>
/// <param name="RowCount">Rows profiled.</param>
/// <param name="Columns">One profile per column, in schema order.</param>
public sealed record DatasetProfile(long RowCount, IReadOnlyList<ColumnProfile> Columns)
{
    /// <summary>The profile of the named column, or <see langword="null"/>.</summary>
    /// <param name="name">Column name (ordinal comparison).</param>
    /// <returns>The profile or <see langword="null"/>.</returns>
    public ColumnProfile? Column(string name) => Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.Ordinal));
}
