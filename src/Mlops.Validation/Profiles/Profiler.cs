using Microsoft.ML;
using Microsoft.ML.Data;

namespace Mlops.Validation.Profiles;

/// <summary>
/// Builds reference profiles in one pass with bounded memory (per numeric column: the histogram's bins plus six distinct
/// values; per text column: at most 4 × <see cref="ProfileOptions.MaxCategories"/> counters), and merges them.
/// </summary>
public static class Profiler
{
    /// <summary>Profiles a numeric column.</summary>
    /// <param name="name">Column name.</param>
    /// <param name="values">Values; NaN and ±∞ count as nulls.</param>
    /// <param name="options">Memory bounds, or the defaults.</param>
    /// <returns>The profile.</returns>
    public static ColumnProfile Numeric(string name, IEnumerable<double> values, ProfileOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(values);
        var acc = new ColumnAccumulator(name, ProfileColumnKind.Numeric, Validated(options));
        if (values is double[] array)
        {
            foreach (var v in array)
            {
                acc.Add(v);
            }
        }
        else
        {
            foreach (var v in values)
            {
                acc.Add(v);
            }
        }

        return acc.ToProfile();
    }

    /// <summary>Profiles a text column.</summary>
    /// <param name="name">Column name.</param>
    /// <param name="values">Values; <see langword="null"/> counts as null, the empty string is a category.</param>
    /// <param name="options">Memory bounds, or the defaults.</param>
    /// <returns>The profile.</returns>
    public static ColumnProfile Categorical(string name, IEnumerable<string?> values, ProfileOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(values);
        var acc = new ColumnAccumulator(name, ProfileColumnKind.Categorical, Validated(options));
        foreach (var v in values)
        {
            acc.Add(v);
        }

        return acc.ToProfile();
    }

    /// <summary>
    /// Profiles every scalar column of an ML.NET data view in one cursor pass: Single, Double, integer and Boolean columns
    /// as numeric (Boolean as 0/1), text columns as categorical (the empty string is a category). Vector and other columns
    /// are skipped.
    /// </summary>
    /// <param name="data">The data.</param>
    /// <param name="options">Memory bounds, or the defaults.</param>
    /// <param name="cancellationToken">Checked every 4096 rows.</param>
    /// <returns>The data set profile.</returns>
    public static DatasetProfile FromDataView(IDataView data, ProfileOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        var opts = Validated(options);
        var readers = new List<(ColumnAccumulator Acc, Action<ColumnAccumulator> Read)>();
        var columns = data.Schema.Where(c => !c.IsHidden).ToList();
        using var cursor = data.GetRowCursor(columns);
        foreach (var column in columns)
        {
            var kind = column.Type is TextDataViewType ? ProfileColumnKind.Categorical : ProfileColumnKind.Numeric;
            var read = Reader(cursor, column);
            if (read is not null)
            {
                readers.Add((new ColumnAccumulator(column.Name, kind, opts), read));
            }
        }

        long rows = 0;
        while (cursor.MoveNext())
        {
            if ((++rows & 4095) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            foreach (var (acc, read) in readers)
            {
                read(acc);
            }
        }

        return new DatasetProfile(rows, readers.Select(r => r.Acc.ToProfile()).ToArray());
    }

    /// <summary>Merges two profiles of the same column (for example two days of serving data).</summary>
    /// <param name="a">First profile.</param>
    /// <param name="b">Second profile, same name and kind.</param>
    /// <param name="options">Bounds of the merged profile, or the defaults.</param>
    /// <returns>The profile of the concatenated data.</returns>
    public static ColumnProfile Merge(ColumnProfile a, ColumnProfile b, ProfileOptions? options = null) =>
        ProfileMerger.Merge(a, b, Validated(options));

    /// <summary>Merges two data set profiles column by column (columns matched by name; a column in one only is kept).</summary>
    /// <param name="a">First profile.</param>
    /// <param name="b">Second profile.</param>
    /// <param name="options">Bounds of the merged profile, or the defaults.</param>
    /// <returns>The profile of the concatenated data.</returns>
    public static DatasetProfile Merge(DatasetProfile a, DatasetProfile b, ProfileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var opts = Validated(options);
        var names = a.Columns.Select(c => c.Name).Union(b.Columns.Select(c => c.Name), StringComparer.Ordinal);
        var merged = names.Select(n => (a.Column(n), b.Column(n)) switch
        {
            ({ } x, { } y) => ProfileMerger.Merge(x, y, opts),
            ({ } x, null) => x,
            (null, { } y) => y,
            _ => throw new InvalidOperationException("unreachable"),
        }).ToArray();
        return new DatasetProfile(a.RowCount + b.RowCount, merged);
    }

    private static ProfileOptions Validated(ProfileOptions? options)
    {
        var o = options ?? new ProfileOptions();
        o.Validate();
        return o;
    }

    private static Action<ColumnAccumulator>? Reader(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        switch (column.Type)
        {
            case TextDataViewType:
            {
                var get = cursor.GetGetter<ReadOnlyMemory<char>>(column);
                ReadOnlyMemory<char> v = default;
                return acc =>
                {
                    get(ref v);
                    acc.Add(v.ToString());
                };
            }

            case NumberDataViewType when column.Type.RawType == typeof(float):
                return Numeric<float>(cursor, column, x => x);
            case NumberDataViewType when column.Type.RawType == typeof(double):
                return Numeric<double>(cursor, column, x => x);
            case NumberDataViewType when column.Type.RawType == typeof(int):
                return Numeric<int>(cursor, column, x => x);
            case NumberDataViewType when column.Type.RawType == typeof(long):
                return Numeric<long>(cursor, column, x => x);
            case NumberDataViewType when column.Type.RawType == typeof(uint):
                return Numeric<uint>(cursor, column, x => x);
            case BooleanDataViewType:
                return Numeric<bool>(cursor, column, x => x ? 1 : 0);
            default:
                return null;
        }
    }

    private static Action<ColumnAccumulator> Numeric<T>(DataViewRowCursor cursor, DataViewSchema.Column column, Func<T, double> convert)
    {
        var get = cursor.GetGetter<T>(column);
        T v = default!;
        return acc =>
        {
            get(ref v);
            acc.Add(convert(v));
        };
    }
}
