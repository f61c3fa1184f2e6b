using System.Globalization;
using System.Text.Json;

namespace Mlops.AspNetCore.Binding;

/// <summary>
/// Reads MLflow's scoring-server request body (MLflow 2+): a JSON object with exactly one of <c>dataframe_split</c>,
/// <c>dataframe_records</c>, <c>instances</c> or <c>inputs</c>, and optionally <c>params</c>.
/// </summary>
internal static class MlflowRequest
{
    /// <summary>The four input fields, as MLflow names them in its error message.</summary>
    public const string InputFields = "{'dataframe_records', 'dataframe_split', 'inputs', 'instances'}";

    /// <summary>The rows of the request.</summary>
    public static List<T> Read<T>(JsonElement root, RowBinder<T> binder)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Format($"The input must be a JSON dictionary with exactly one of the input fields {InputFields}. Received a JSON {root.ValueKind.ToString().ToLowerInvariant()}.");
        }

        JsonElement? input = null;
        string? field = null;
        var fields = new List<string>();
        foreach (var property in root.EnumerateObject())
        {
            fields.Add(property.Name);
            switch (property.Name)
            {
                case "dataframe_split" or "dataframe_records" or "instances" or "inputs":
                    if (field is not null)
                    {
                        throw Format($"The input must be a JSON dictionary with exactly one of the input fields {InputFields}. Received both '{field}' and '{property.Name}'.");
                    }

                    (field, input) = (property.Name, property.Value);
                    break;
                case "params":
                    if (property.Value.ValueKind == JsonValueKind.Object && property.Value.EnumerateObject().Any())
                    {
                        throw new MlopsValidationException("params", Preview(property.Value), "this model takes no inference params.");
                    }

                    break;
            }
        }

        if (field is null)
        {
            throw Format($"The input must be a JSON dictionary with exactly one of the input fields {InputFields}. "
                + $"Received dictionary with input fields: [{string.Join(", ", fields.Select(f => $"'{f}'"))}].");
        }

        return field switch
        {
            "dataframe_split" => Split(input!.Value, binder),
            "dataframe_records" => Records(input!.Value, binder, field),
            _ => Tensor(input!.Value, binder, field),
        };
    }

    private static List<T> Split<T>(JsonElement split, RowBinder<T> binder)
    {
        if (split.ValueKind != JsonValueKind.Object || !split.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
        {
            throw Format("'dataframe_split' must be an object with 'data' (a list of rows) and optionally 'columns' and 'index'.");
        }

        List<int>? positions = null;
        if (split.TryGetProperty("columns", out var columns))
        {
            if (columns.ValueKind != JsonValueKind.Array)
            {
                throw Format("'dataframe_split.columns' must be a list of column names.");
            }

            positions = [];
            foreach (var column in columns.EnumerateArray())
            {
                // Columns the model does not read are dropped, as MLflow's schema enforcement drops them.
                positions.Add(column.ValueKind == JsonValueKind.String ? binder.IndexOf(column.GetString()!) : -1);
            }
        }

        var rows = new List<T>(data.GetArrayLength());
        var i = 0;
        foreach (var row in data.EnumerateArray())
        {
            rows.Add(binder.FromArray(row, positions, Where("dataframe_split.data", i++)));
        }

        return rows;
    }

    private static List<T> Records<T>(JsonElement records, RowBinder<T> binder, string field)
    {
        if (records.ValueKind != JsonValueKind.Array)
        {
            throw Format($"'{field}' must be a list of records (objects of column names to values).");
        }

        var rows = new List<T>(records.GetArrayLength());
        var i = 0;
        foreach (var record in records.EnumerateArray())
        {
            rows.Add(binder.FromObject(record, ignoreUnknown: true, Where(field, i++)));
        }

        return rows;
    }

    // TF Serving's row ("instances") and columnar ("inputs") formats: a list of records, a list of positional rows, a list
    // of scalars for a one-column model, or (columnar) an object of column name to a list of values.
    private static List<T> Tensor<T>(JsonElement input, RowBinder<T> binder, string field)
    {
        if (input.ValueKind == JsonValueKind.Object)
        {
            return Columnar(input, binder, field);
        }

        if (input.ValueKind != JsonValueKind.Array)
        {
            throw Format($"'{field}' must be a list of rows or an object of column names to lists of values.");
        }

        var rows = new List<T>(input.GetArrayLength());
        var i = 0;
        foreach (var item in input.EnumerateArray())
        {
            var where = Where(field, i++);
            rows.Add(item.ValueKind switch
            {
                JsonValueKind.Object => binder.FromObject(item, ignoreUnknown: true, where),
                JsonValueKind.Array => binder.FromArray(item, null, where),
                _ when binder.Columns.Count == 1 => OneColumn(binder, item),
                _ => throw new MlopsValidationException(where, Preview(item),
                    $"a row of a model with {binder.Columns.Count} input columns ({binder.ColumnList}) must be an object or a list."),
            });
        }

        return rows;
    }

    private static T OneColumn<T>(RowBinder<T> binder, JsonElement value)
    {
        var row = binder.Create();
        binder.Set(row, 0, value);
        return row;
    }

    private static List<T> Columnar<T>(JsonElement input, RowBinder<T> binder, string field)
    {
        var columns = new List<(int Index, JsonElement Values)>();
        int? count = null;
        foreach (var property in input.EnumerateObject())
        {
            var index = binder.IndexOf(property.Name);
            if (index < 0)
            {
                continue;
            }

            if (property.Value.ValueKind != JsonValueKind.Array)
            {
                throw new MlopsValidationException($"{field}.{property.Name}", Preview(property.Value), "each column must be a list of values, one per row.");
            }

            var length = property.Value.GetArrayLength();
            if (count is { } expected && expected != length)
            {
                throw new MlopsValidationException($"{field}.{property.Name}", length.ToString(CultureInfo.InvariantCulture),
                    $"every column must have the same number of values; an earlier column has {expected}.");
            }

            count = length;
            columns.Add((index, property.Value));
        }

        var rows = new List<T>(count ?? 0);
        for (var r = 0; r < (count ?? 0); r++)
        {
            rows.Add(binder.Create());
        }

        Span<bool> seen = binder.Columns.Count <= 64 ? stackalloc bool[binder.Columns.Count] : new bool[binder.Columns.Count];
        foreach (var (index, values) in columns)
        {
            var r = 0;
            foreach (var value in values.EnumerateArray())
            {
                binder.Set(rows[r++], index, value);
            }

            seen[index] = true;
        }

        if (rows.Count > 0)
        {
            binder.EnsureRequired(seen, field);
        }

        return rows;
    }

    private static string Where(string field, int row) => field + "[" + row.ToString(CultureInfo.InvariantCulture) + "]";

    private static MlflowFormatException Format(string message) => new(message);

    private static string Preview(JsonElement element)
    {
        var text = element.GetRawText();
        return text.Length <= 100 ? text : text[..100] + "…";
    }
}

/// <summary>The request body is JSON but not in any of MLflow's scoring formats.</summary>
internal sealed class MlflowFormatException(string message) : Exception(message);
