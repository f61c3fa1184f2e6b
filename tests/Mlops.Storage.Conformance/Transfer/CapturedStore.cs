namespace Mlops.Storage.Conformance.Transfer;

/// <summary>Everything a store exports, captured in memory so that two stores can be compared row for row.</summary>
public sealed class CapturedStore : IStoreRowSink
{
    private readonly List<CapturedTable> _tables = [];
    private CapturedTable? _current;

    /// <summary>The tables in export order.</summary>
    public IReadOnlyList<CapturedTable> Tables => _tables;

    /// <summary>Exports <paramref name="store"/> into a new capture.</summary>
    public static async Task<CapturedStore> OfAsync(IMlopsStore store, CancellationToken cancellationToken)
    {
        var capture = new CapturedStore();
        await ((IMlopsStoreTransfer)store).ExportAsync(capture, cancellationToken);
        return capture;
    }

    /// <summary>The rows of <paramref name="table"/>.</summary>
    public IReadOnlyList<object?[]> Rows(string table) => _tables.Single(t => t.Table.Name == table).Rows;

    /// <summary>Total rows over all tables.</summary>
    public long TotalRows => _tables.Sum(t => t.Rows.Count);

    /// <inheritdoc />
    public void BeginTable(StoreTable table)
    {
        _current = new CapturedTable(table, new List<object?[]>());
        _tables.Add(_current);
    }

    /// <inheritdoc />
    public void WriteRow(object?[] values) => ((List<object?[]>)_current!.Rows).Add((object?[])values.Clone());

    /// <inheritdoc />
    public void EndTable() => _current = null;

    /// <summary>Asserts that <paramref name="other"/> has the same tables, columns and rows, value for value and type for type.</summary>
    public void ShouldEqual(CapturedStore other)
    {
        other.Tables.Select(t => t.Table.Name).Should().Equal(Tables.Select(t => t.Table.Name));
        for (var t = 0; t < Tables.Count; t++)
        {
            var expected = Tables[t];
            var actual = other.Tables[t];
            actual.Table.Columns.Should().Equal(expected.Table.Columns, "table {0} has the same columns", expected.Table.Name);
            actual.Rows.Should().HaveSameCount(expected.Rows, "table {0} has the same rows", expected.Table.Name);
            for (var r = 0; r < expected.Rows.Count; r++)
            {
                for (var c = 0; c < expected.Table.Columns.Count; c++)
                {
                    var (want, got) = (expected.Rows[r][c], actual.Rows[r][c]);
                    var where = $"{expected.Table.Name} row {r + 1} column {expected.Table.Columns[c]}";
                    if (want is byte[] bytes)
                    {
                        got.Should().BeOfType<byte[]>(where).Which.Should().Equal(bytes, where);
                    }
                    else if (want is double real)
                    {
                        // Bit for bit: NaN and infinities included.
                        got.Should().BeOfType<double>(where);
                        BitConverter.DoubleToInt64Bits((double)got!).Should().Be(BitConverter.DoubleToInt64Bits(real), where);
                    }
                    else
                    {
                        got.Should().Be(want, where);
                        got?.GetType().Should().Be(want?.GetType(), where);
                    }
                }
            }
        }
    }
}

/// <summary>One captured table.</summary>
/// <param name="Table">Its name and columns.</param>
/// <param name="Rows">Its rows.</param>
public sealed record CapturedTable(StoreTable Table, IReadOnlyList<object?[]> Rows);
