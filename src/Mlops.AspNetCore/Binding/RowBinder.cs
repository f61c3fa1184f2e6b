using System.Collections.Frozen;
using System.Linq.Expressions;
using System.Text.Json;

namespace Mlops.AspNetCore.Binding;

/// <summary>
/// Builds rows of <typeparamref name="T"/> from JSON: an object by column name, or an array by column position. Every
/// error is an <see cref="MlopsValidationException"/> naming the column, the value and the rule.
/// </summary>
/// <typeparam name="T">The input row type.</typeparam>
internal sealed class RowBinder<T>
{
    private readonly Func<T> _create;
    private readonly FrozenDictionary<string, int> _byName;

    public RowBinder()
    {
        Columns = RowColumn<T>.Discover(forInput: true);
        if (typeof(T).GetConstructor(Type.EmptyTypes) is null)
        {
            throw new InvalidOperationException($"{typeof(T).Name} needs a public parameterless constructor to be read from HTTP requests.");
        }

        _create = Expression.Lambda<Func<T>>(Expression.New(typeof(T))).Compile();
        _byName = Columns.Select((c, i) => (c.Name, i)).ToFrozenDictionary(x => x.Name, x => x.i, StringComparer.Ordinal);
        ColumnList = string.Join(", ", Columns.Select(c => c.Name));
    }

    /// <summary>The input columns, in declaration order (the order positional rows use).</summary>
    public IReadOnlyList<RowColumn<T>> Columns { get; }

    /// <summary>The column names, for messages.</summary>
    public string ColumnList { get; }

    /// <summary>The position of <paramref name="column"/>, or -1.</summary>
    public int IndexOf(string column) => _byName.TryGetValue(column, out var index) ? index : -1;

    /// <summary>A new row with every column at its default (NaN stays what the type's constructor sets).</summary>
    public T Create() => _create();

    /// <summary>Reads a JSON object keyed by column name.</summary>
    /// <param name="row">The object.</param>
    /// <param name="ignoreUnknown">Skip properties that are not columns (MLflow clients send whole frames); otherwise refuse them.</param>
    /// <param name="where">Where the row is in the request, for messages (e.g. <c>dataframe_records[3]</c>).</param>
    public T FromObject(JsonElement row, bool ignoreUnknown, string where)
    {
        if (row.ValueKind != JsonValueKind.Object)
        {
            throw new MlopsValidationException(where, Preview(row), "a row must be a JSON object of column names to values.");
        }

        var result = Create();
        Span<bool> seen = Columns.Count <= 64 ? stackalloc bool[Columns.Count] : new bool[Columns.Count];
        foreach (var property in row.EnumerateObject())
        {
            var index = IndexOf(property.Name);
            if (index < 0)
            {
                if (ignoreUnknown)
                {
                    continue;
                }

                throw new MlopsValidationException(where, property.Name, $"'{property.Name}' is not an input column; the columns are: {ColumnList}.");
            }

            Columns[index].Set!(result, property.Value);
            seen[index] = true;
        }

        EnsureRequired(seen, where);
        return result;
    }

    /// <summary>Reads a JSON array whose i-th value is the column at <paramref name="positions"/>[i] (all columns in order when null).</summary>
    public T FromArray(JsonElement row, IReadOnlyList<int>? positions, string where)
    {
        if (row.ValueKind != JsonValueKind.Array)
        {
            throw new MlopsValidationException(where, Preview(row), "a row must be a JSON array of values in column order.");
        }

        var count = positions?.Count ?? Columns.Count;
        if (row.GetArrayLength() != count)
        {
            throw new MlopsValidationException(where, Preview(row),
                $"a row has {row.GetArrayLength()} values for {count} columns ({(positions is null ? ColumnList : string.Join(", ", positions.Select(p => p < 0 ? "(ignored)" : Columns[p].Name)))}).");
        }

        var result = Create();
        Span<bool> seen = Columns.Count <= 64 ? stackalloc bool[Columns.Count] : new bool[Columns.Count];
        var i = 0;
        foreach (var value in row.EnumerateArray())
        {
            var index = positions is null ? i : positions[i];
            if (index >= 0)
            {
                Columns[index].Set!(result, value);
                seen[index] = true;
            }

            i++;
        }

        EnsureRequired(seen, where);
        return result;
    }

    /// <summary>Sets one column of <paramref name="row"/>.</summary>
    public void Set(T row, int column, JsonElement value) => Columns[column].Set!(row, value);

    /// <summary>Throws for the first required column not in <paramref name="seen"/>.</summary>
    public void EnsureRequired(ReadOnlySpan<bool> seen, string where)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (!seen[i] && Columns[i].Required)
            {
                throw new MlopsValidationException(Columns[i].Name, null,
                    $"column '{Columns[i].Name}' ({Columns[i].Type.Name}) is required in {where}: it has no missing value.");
            }
        }
    }

    private static string Preview(JsonElement element)
    {
        var text = element.GetRawText();
        return text.Length <= 100 ? text : text[..100] + "…";
    }
}

/// <summary>Writes rows of <typeparamref name="T"/> as JSON objects keyed by column name.</summary>
/// <typeparam name="T">The output row type.</typeparam>
internal sealed class RowWriter<T>
{
    private readonly RowColumn<T>[] _columns;
    private readonly JsonEncodedText[] _names;

    public RowWriter()
    {
        _columns = [.. RowColumn<T>.Discover(forInput: false)];
        _names = _columns.Select(c => JsonEncodedText.Encode(c.Name)).ToArray();
    }

    /// <summary>Writes <paramref name="row"/> as one object.</summary>
    public void Write(Utf8JsonWriter writer, T row)
    {
        writer.WriteStartObject();
        for (var i = 0; i < _columns.Length; i++)
        {
            writer.WritePropertyName(_names[i]);
            _columns[i].Write!(writer, row);
        }

        writer.WriteEndObject();
    }
}
