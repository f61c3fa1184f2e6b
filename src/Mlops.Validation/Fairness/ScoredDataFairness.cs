using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Mlops.Validation.Fairness;

/// <summary>Builds a <see cref="MetricFrame"/> from an ML.NET <see cref="IDataView"/> scored by a model.</summary>
public static class ScoredDataFairness
{
    /// <summary>
    /// Reads the label, predicted label and sensitive columns of <paramref name="scored"/> and builds a metric frame.
    /// Boolean label columns use <see langword="true"/> as the positive class; other label columns (text, numbers) use
    /// <paramref name="positiveClass"/>, or give an accuracy-only frame when it is <see langword="null"/>. Sensitive
    /// columns may be text, boolean or numeric; key-typed columns must be mapped to values first (<c>MapKeyToValue</c>).
    /// </summary>
    public static MetricFrame CreateMetricFrame(
        IDataView scored,
        IReadOnlyList<string> sensitiveColumns,
        string labelColumn = "Label",
        string predictedLabelColumn = "PredictedLabel",
        string? positiveClass = null)
    {
        ArgumentNullException.ThrowIfNull(scored);
        ArgumentNullException.ThrowIfNull(sensitiveColumns);
        ArgumentException.ThrowIfNullOrEmpty(labelColumn);
        ArgumentException.ThrowIfNullOrEmpty(predictedLabelColumn);

        var features = sensitiveColumns.Select(c => new SensitiveFeature(c, ReadStrings(scored, c))).ToList();
        var labelType = Column(scored, labelColumn).Type;
        if (labelType is BooleanDataViewType && Column(scored, predictedLabelColumn).Type is BooleanDataViewType)
        {
            return MetricFrame.Create(
                scored.GetColumn<bool>(labelColumn).ToList(),
                scored.GetColumn<bool>(predictedLabelColumn).ToList(),
                features);
        }

        var yTrue = ReadStrings(scored, labelColumn).Select(v => v ?? string.Empty).ToList();
        var yPred = ReadStrings(scored, predictedLabelColumn).Select(v => v ?? string.Empty).ToList();
        return positiveClass is null
            ? MetricFrame.CreateAccuracyOnly(yTrue, yPred, features)
            : MetricFrame.Create(yTrue, yPred, features, positiveClass);
    }

    private static DataViewSchema.Column Column(IDataView data, string name) =>
        data.Schema.GetColumnOrNull(name)
        ?? throw new ArgumentException($"The scored data has no column '{name}'.", nameof(name));

    private static List<string?> ReadStrings(IDataView data, string name)
    {
        var type = Column(data, name).Type;
        return type switch
        {
            TextDataViewType => data.GetColumn<ReadOnlyMemory<char>>(name).Select(v => (string?)v.ToString()).ToList(),
            BooleanDataViewType => data.GetColumn<bool>(name).Select(v => (string?)(v ? "true" : "false")).ToList(),
            NumberDataViewType when type.RawType == typeof(float) => data.GetColumn<float>(name).Select(v => (string?)v.ToString(CultureInfo.InvariantCulture)).ToList(),
            NumberDataViewType when type.RawType == typeof(double) => data.GetColumn<double>(name).Select(v => (string?)v.ToString(CultureInfo.InvariantCulture)).ToList(),
            NumberDataViewType when type.RawType == typeof(int) => data.GetColumn<int>(name).Select(v => (string?)v.ToString(CultureInfo.InvariantCulture)).ToList(),
            NumberDataViewType when type.RawType == typeof(long) => data.GetColumn<long>(name).Select(v => (string?)v.ToString(CultureInfo.InvariantCulture)).ToList(),
            _ => throw new ArgumentException($"Column '{name}' has type {type}; fairness reads text, boolean and numeric columns (map key columns to values first).", nameof(name)),
        };
    }
}
