using Microsoft.ML;
using Mlops.Validation.Drift;
using Mlops.Validation.Expectations.Implementation;

namespace Mlops.Validation;

/// <summary>Reads ML.NET data into drift columns: numbers (missing values dropped) and text or Booleans as categories.</summary>
public static class DataViewDriftColumns
{
    /// <summary>Reads the named columns (all scalar columns when null) of <paramref name="data"/>.</summary>
    public static IReadOnlyList<DriftColumn> Read(IDataView data, IReadOnlyCollection<string>? columns = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        var table = DataViewReader.Read(data, cancellationToken);
        var result = new List<DriftColumn>();
        foreach (var column in table.Columns)
        {
            if (columns is not null && !columns.Contains(column.Name))
            {
                continue;
            }

            switch (column.Kind)
            {
                case ColumnKind.Number:
                    result.Add(DriftColumn.Numeric(column.Name, column.Numbers!.Where(v => !double.IsNaN(v)).ToList()));
                    break;
                case ColumnKind.Text:
                    result.Add(DriftColumn.Categorical(column.Name, column.Texts!.Where(v => v is not null).ToList()));
                    break;
                case ColumnKind.Boolean:
                    result.Add(DriftColumn.Categorical(column.Name, column.Booleans!.Where(v => v.HasValue).Select(v => v!.Value ? "true" : "false").ToList()));
                    break;
            }
        }

        return result;
    }
}
