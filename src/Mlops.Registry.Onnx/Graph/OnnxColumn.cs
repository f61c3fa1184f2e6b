using Microsoft.ML;
using Microsoft.ML.Data;

namespace Mlops.Registry.Onnx;

/// <summary>One graph input or output as an ML.NET column: its graph name, column name, item type and per-row shape.</summary>
internal sealed record OnnxColumn(string GraphName, string ColumnName, DataViewType ItemType, int[] RowDimensions)
{
    /// <summary>ML.NET's OnnxTransformer names the column of an output <c>X.output</c> plainly <c>X</c>.</summary>
    public const string MlNetOutputSuffix = ".output";

    /// <summary>True when each row holds exactly one value: the column is a scalar.</summary>
    public bool IsScalar => RowDimensions.All(d => d == 1);

    /// <summary>The column type: a scalar of <see cref="ItemType"/>, or a vector (variable-length when a dimension is unknown).</summary>
    public DataViewType ColumnType =>
        IsScalar ? ItemType
        : RowDimensions.Any(d => d <= 0) ? new VectorDataViewType((PrimitiveDataViewType)ItemType)
        : new VectorDataViewType((PrimitiveDataViewType)ItemType, RowDimensions);

    /// <summary>The per-row shape: the leading batch dimension (unknown, or 1 in a graph of rank 2 or more) is dropped.</summary>
    public static int[] RowShape(IReadOnlyList<int> dimensions)
    {
        if (dimensions.Count == 0)
        {
            return [];
        }

        var batch = dimensions[0] <= 0 || (dimensions.Count >= 2 && dimensions[0] == 1);
        return batch ? dimensions.Skip(1).ToArray() : dimensions.ToArray();
    }

    /// <summary>The column name ML.NET gives a graph output.</summary>
    public static string OutputColumnName(string graphName) =>
        graphName.EndsWith(MlNetOutputSuffix, StringComparison.Ordinal) && graphName.Length > MlNetOutputSuffix.Length
            ? graphName[..^MlNetOutputSuffix.Length]
            : graphName;
}
