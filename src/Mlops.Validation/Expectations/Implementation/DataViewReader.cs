using Microsoft.ML;
using Microsoft.ML.Data;

namespace Mlops.Validation.Expectations.Implementation;

/// <summary>Materializes the visible scalar columns of an <see cref="IDataView"/>.</summary>
internal static class DataViewReader
{
    public static TableData Read(IDataView data, CancellationToken cancellationToken)
    {
        var visible = data.Schema.Where(c => !c.IsHidden).ToList();
        var columns = new List<ColumnData>();
        var readers = new List<(DataViewSchema.Column Column, ColumnData Data)>();
        foreach (var column in visible)
        {
            var typeName = column.Type.ToString() ?? column.Type.RawType.Name;
            ColumnData target;
            if (column.Type is VectorDataViewType)
            {
                target = ColumnData.Opaque(column.Name, ColumnKind.Vector, typeName);
            }
            else if (column.Type is KeyDataViewType)
            {
                target = ColumnData.Opaque(column.Name, ColumnKind.Unsupported, typeName);
            }
            else if (column.Type is TextDataViewType)
            {
                target = ColumnData.Text(column.Name, typeName);
            }
            else if (column.Type is BooleanDataViewType)
            {
                target = ColumnData.Boolean(column.Name, typeName);
            }
            else if (column.Type is NumberDataViewType)
            {
                target = ColumnData.Number(column.Name, typeName);
            }
            else
            {
                target = ColumnData.Opaque(column.Name, ColumnKind.Unsupported, typeName);
            }

            columns.Add(target);
            if (target.Kind is ColumnKind.Number or ColumnKind.Text or ColumnKind.Boolean)
            {
                readers.Add((column, target));
            }
        }

        var rows = 0;
        using (var cursor = data.GetRowCursor(readers.Select(r => r.Column)))
        {
            var fillers = readers.Select(r => MakeFiller(cursor, r.Column, r.Data)).ToArray();
            while (cursor.MoveNext())
            {
                if ((rows & 1023) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                foreach (var fill in fillers)
                {
                    fill();
                }

                rows++;
            }
        }

        return new TableData(rows, columns);
    }

    private static Action MakeFiller(DataViewRowCursor cursor, DataViewSchema.Column column, ColumnData target)
    {
        var raw = column.Type.RawType;
        if (target.Kind == ColumnKind.Text)
        {
            var getter = cursor.GetGetter<ReadOnlyMemory<char>>(column);
            ReadOnlyMemory<char> value = default;
            return () =>
            {
                getter(ref value);
                target.AddText(value.IsEmpty ? null : value.ToString());
            };
        }

        if (target.Kind == ColumnKind.Boolean)
        {
            var getter = cursor.GetGetter<bool>(column);
            var value = false;
            return () =>
            {
                getter(ref value);
                target.AddBoolean(value);
            };
        }

        return raw == typeof(float) ? Number<float>(cursor, column, target, v => v)
            : raw == typeof(double) ? Number<double>(cursor, column, target, v => v)
            : raw == typeof(int) ? Number<int>(cursor, column, target, v => v)
            : raw == typeof(long) ? Number<long>(cursor, column, target, v => v)
            : raw == typeof(short) ? Number<short>(cursor, column, target, v => v)
            : raw == typeof(byte) ? Number<byte>(cursor, column, target, v => v)
            : raw == typeof(sbyte) ? Number<sbyte>(cursor, column, target, v => v)
            : raw == typeof(ushort) ? Number<ushort>(cursor, column, target, v => v)
            : raw == typeof(uint) ? Number<uint>(cursor, column, target, v => v)
            : raw == typeof(ulong) ? Number<ulong>(cursor, column, target, v => v)
            : throw new MlopsSchemaMismatchException(column.Name, $"number type {raw.Name} is not supported");
    }

    private static Action Number<T>(DataViewRowCursor cursor, DataViewSchema.Column column, ColumnData target, Func<T, double> convert)
    {
        var getter = cursor.GetGetter<T>(column);
        T value = default!;
        return () =>
        {
            getter(ref value);
            target.AddNumber(convert(value));
        };
    }
}
