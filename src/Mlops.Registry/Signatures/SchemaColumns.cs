using Microsoft.ML;
using Microsoft.ML.Data;

namespace Mlops.Registry;

/// <summary>Maps ML.NET schema columns to signature columns.</summary>
internal static class SchemaColumns
{
    public static List<SignatureColumn> Of(DataViewSchema schema)
    {
        var columns = new List<SignatureColumn>(schema.Count);
        foreach (var column in schema)
        {
            if (!column.IsHidden)
            {
                columns.Add(Of(column.Name, column.Type));
            }
        }

        return columns;
    }

    public static SignatureColumn Of(string name, DataViewType type)
    {
        if (type is VectorDataViewType vector)
        {
            var item = ItemTypeName(vector.ItemType);
            return new SignatureColumn(name, item, vector.Size, IsFloating(item));
        }

        var scalar = ItemTypeName(type);
        return new SignatureColumn(name, scalar, null, IsFloating(scalar));
    }

    public static string ItemTypeName(DataViewType type) => type switch
    {
        KeyDataViewType => TypeColumns.Key,
        TextDataViewType => TypeColumns.String,
        BooleanDataViewType => TypeColumns.Boolean,
        _ => type.RawType.Name,
    };

    private static bool IsFloating(string itemType) => itemType is TypeColumns.Single or TypeColumns.Double;
}
