using System.Collections;
using System.Reflection;
using Microsoft.ML.Data;

namespace Mlops.Validation.Expectations.Implementation;

/// <summary>Materializes the public readable properties of objects as columns, named as ML.NET would name them.</summary>
internal static class EnumerableReader
{
    public static TableData Read<T>(IEnumerable<T> data, CancellationToken cancellationToken)
    {
        var properties = typeof(T)
            .GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && p.GetMethod is { IsPublic: true })
            .ToArray();
        var columns = properties.Select(Describe).ToArray();
        var rows = 0;
        foreach (var item in data)
        {
            if ((rows & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (item is null)
            {
                throw new MlopsValidationException("row", $"#{rows}", "rows must not be null");
            }

            for (var i = 0; i < properties.Length; i++)
            {
                var column = columns[i];
                if (column.Kind is ColumnKind.Vector or ColumnKind.Unsupported)
                {
                    continue;
                }

                var value = properties[i].GetValue(item);
                switch (column.Kind)
                {
                    case ColumnKind.Number:
                        column.AddNumber(value is null ? double.NaN : Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture));
                        break;
                    case ColumnKind.Text:
                        column.AddText(value is ReadOnlyMemory<char> memory ? memory.ToString() : (string?)value);
                        break;
                    default:
                        column.AddBoolean((bool?)value);
                        break;
                }
            }

            rows++;
        }

        return new TableData(rows, columns);
    }

    private static ColumnData Describe(PropertyInfo property)
    {
        // ML.NET's LoadFromEnumerable honours [ColumnName]; reading it the same way keeps both runners on the same names.
        var name = property.GetCustomAttributesData()
            .FirstOrDefault(a => a.AttributeType == typeof(ColumnNameAttribute) && a.ConstructorArguments.Count == 1)
            ?.ConstructorArguments[0].Value as string ?? property.Name;
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        var typeName = property.PropertyType.Name;
        if (type == typeof(string) || type == typeof(ReadOnlyMemory<char>))
        {
            return ColumnData.Text(name, typeName);
        }

        if (type == typeof(bool))
        {
            return ColumnData.Boolean(name, typeName);
        }

        if (type == typeof(float) || type == typeof(double) || type == typeof(int) || type == typeof(long) || type == typeof(short)
            || type == typeof(byte) || type == typeof(sbyte) || type == typeof(ushort) || type == typeof(uint) || type == typeof(ulong)
            || type == typeof(decimal))
        {
            return ColumnData.Number(name, typeName);
        }

        return typeof(IEnumerable).IsAssignableFrom(type) || type.Name.StartsWith("VBuffer", StringComparison.Ordinal)
            ? ColumnData.Opaque(name, ColumnKind.Vector, typeName)
            : ColumnData.Opaque(name, ColumnKind.Unsupported, typeName);
    }
}
