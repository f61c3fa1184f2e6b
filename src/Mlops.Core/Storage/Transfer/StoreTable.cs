namespace Mlops.Storage;

/// <summary>One table of a store transfer: its name and its columns, in the order row values come in.</summary>
/// <param name="Name">The table's name in the schema, e.g. <c>journal</c>.</param>
/// <param name="Columns">The column names, in row-value order.</param>
public sealed record StoreTable(string Name, IReadOnlyList<string> Columns)
{
    /// <summary>The position of <paramref name="column"/> in <see cref="Columns"/>, or -1.</summary>
    public int IndexOf(string column)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (string.Equals(Columns[i], column, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
