namespace Mlops.Validation.Expectations.Implementation;

internal sealed class TableData(int rowCount, IReadOnlyList<ColumnData> columns)
{
    private readonly Dictionary<string, ColumnData> _byName = columns.ToDictionary(c => c.Name, StringComparer.Ordinal);

    public int RowCount { get; } = rowCount;

    public IReadOnlyList<ColumnData> Columns { get; } = columns;

    public ColumnData? Find(string name) => _byName.GetValueOrDefault(name);
}
