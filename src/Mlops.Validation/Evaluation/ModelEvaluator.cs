using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Mlops.Validation.Evaluation;

/// <summary>
/// Computes ML.NET metrics under the names Mlops.Tracking logs them, and compares a candidate with its champion on the
/// same evaluation data.
/// </summary>
public static class ModelEvaluator
{
    /// <summary>Scores <paramref name="data"/> with <paramref name="model"/> and returns its metrics by name.</summary>
    public static IReadOnlyDictionary<string, double> ComputeMetrics(MLContext mlContext, ITransformer model, IDataView data, ModelEvaluationOptions options)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        return ComputeScoredMetrics(mlContext, model.Transform(data), options);
    }

    /// <summary>Returns the metrics of data already scored by a model.</summary>
    public static IReadOnlyDictionary<string, double> ComputeScoredMetrics(MLContext mlContext, IDataView scored, ModelEvaluationOptions options)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(scored);
        ArgumentNullException.ThrowIfNull(options);
        RequireColumns(scored.Schema, options);
        var metrics = new SortedDictionary<string, double>(StringComparer.Ordinal);
        switch (options.Task)
        {
            case EvaluationTask.BinaryClassification:
                AddBinary(mlContext, scored, options, metrics);
                break;
            case EvaluationTask.MulticlassClassification:
                var m = mlContext.MulticlassClassification.Evaluate(scored, options.LabelColumn, options.ScoreColumn, options.PredictedLabelColumn);
                metrics["macro_accuracy"] = m.MacroAccuracy;
                metrics["micro_accuracy"] = m.MicroAccuracy;
                metrics["log_loss"] = m.LogLoss;
                metrics["log_loss_reduction"] = m.LogLossReduction;
                for (var i = 0; i < m.PerClassLogLoss.Count; i++)
                {
                    metrics["per_class_log_loss." + i.ToString(CultureInfo.InvariantCulture)] = m.PerClassLogLoss[i];
                }

                break;
            case EvaluationTask.Regression:
                var r = mlContext.Regression.Evaluate(scored, options.LabelColumn, options.ScoreColumn);
                metrics["mae"] = r.MeanAbsoluteError;
                metrics["mse"] = r.MeanSquaredError;
                metrics["rmse"] = r.RootMeanSquaredError;
                metrics["r_squared"] = r.RSquared;
                metrics["loss"] = r.LossFunction;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(options), options.Task, "Unknown evaluation task.");
        }

        return metrics;
    }

    /// <summary>
    /// Evaluates <paramref name="candidate"/> and, when given, <paramref name="champion"/> on the same
    /// <paramref name="data"/>, then gates the candidate with the champion as the baseline. Without a champion the
    /// baseline checks are skipped and say so.
    /// </summary>
    public static ModelComparisonResult Compare(
        MLContext mlContext,
        ITransformer candidate,
        ITransformer? champion,
        IDataView data,
        ModelEvaluationOptions options,
        IReadOnlyDictionary<string, MetricThreshold> thresholds)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(thresholds);
        var candidateMetrics = ComputeMetrics(mlContext, candidate, data, options);
        var championMetrics = champion is null ? null : ComputeMetrics(mlContext, champion, data, options);
        return new ModelComparisonResult(candidateMetrics, championMetrics, EvaluationGate.Evaluate(candidateMetrics, championMetrics, thresholds));
    }

    /// <summary>
    /// A model whose output lacks a column the evaluator reads (an ONNX export has no key-typed <c>Label</c> or
    /// <c>PredictedLabel</c>, for example) is refused with the column's name, before ML.NET throws its own exception.
    /// </summary>
    private static void RequireColumns(DataViewSchema schema, ModelEvaluationOptions options)
    {
        string[] needed = options.Task == EvaluationTask.Regression
            ? [options.LabelColumn, options.ScoreColumn]
            : [options.LabelColumn, options.ScoreColumn, options.PredictedLabelColumn];
        foreach (var column in needed)
        {
            if (schema.GetColumnOrNull(column) is null)
            {
                var present = string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => c.Name));
                throw new MlopsValidationException("column", column,
                    $"{options.Task} evaluation reads '{column}' from the scored data, and this model's output has no such column (it has: {present}).");
            }
        }
    }

    private static void AddBinary(MLContext mlContext, IDataView scored, ModelEvaluationOptions options, SortedDictionary<string, double> metrics)
    {
        BinaryClassificationMetrics b;
        if (scored.Schema.GetColumnOrNull(options.ProbabilityColumn) is not null)
        {
            var calibrated = mlContext.BinaryClassification.Evaluate(scored, options.LabelColumn, options.ScoreColumn, options.ProbabilityColumn, options.PredictedLabelColumn);
            metrics["log_loss"] = calibrated.LogLoss;
            metrics["log_loss_reduction"] = calibrated.LogLossReduction;
            metrics["entropy"] = calibrated.Entropy;
            b = calibrated;
        }
        else
        {
            b = mlContext.BinaryClassification.EvaluateNonCalibrated(scored, options.LabelColumn, options.ScoreColumn, options.PredictedLabelColumn);
        }

        metrics["accuracy"] = b.Accuracy;
        metrics["auc"] = b.AreaUnderRocCurve;
        metrics["auprc"] = b.AreaUnderPrecisionRecallCurve;
        metrics["f1"] = b.F1Score;
        metrics["positive_precision"] = b.PositivePrecision;
        metrics["positive_recall"] = b.PositiveRecall;
        metrics["negative_precision"] = b.NegativePrecision;
        metrics["negative_recall"] = b.NegativeRecall;
    }
}
