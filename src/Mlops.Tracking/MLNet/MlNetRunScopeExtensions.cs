using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Mlops.Tracking;

/// <summary>One-call logging of ML.NET evaluation results and trained models.</summary>
public static class MlNetRunScopeExtensions
{
    /// <summary>The artifact file name of a logged ML.NET model inside its model directory.</summary>
    public const string ModelFileName = "model.zip";

    /// <summary>The descriptor written next to a logged model (flavor, file, input schema).</summary>
    public const string ModelDescriptorFileName = "MLmodel.json";

    /// <summary>Logs regression metrics: <c>mae</c>, <c>mse</c>, <c>rmse</c>, <c>r_squared</c>, <c>loss</c> (with an optional key prefix).</summary>
    public static void LogMetrics(this RunScope run, RegressionMetrics metrics, string prefix = "", long step = 0)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(metrics);
        run.LogMetric(prefix + "mae", metrics.MeanAbsoluteError, step);
        run.LogMetric(prefix + "mse", metrics.MeanSquaredError, step);
        run.LogMetric(prefix + "rmse", metrics.RootMeanSquaredError, step);
        run.LogMetric(prefix + "r_squared", metrics.RSquared, step);
        run.LogMetric(prefix + "loss", metrics.LossFunction, step);
    }

    /// <summary>Logs binary classification metrics: accuracy, AUC, AUPRC, F1, precision and recall per class, and log-loss when calibrated.</summary>
    public static void LogMetrics(this RunScope run, BinaryClassificationMetrics metrics, string prefix = "", long step = 0)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(metrics);
        run.LogMetric(prefix + "accuracy", metrics.Accuracy, step);
        run.LogMetric(prefix + "auc", metrics.AreaUnderRocCurve, step);
        run.LogMetric(prefix + "auprc", metrics.AreaUnderPrecisionRecallCurve, step);
        run.LogMetric(prefix + "f1", metrics.F1Score, step);
        run.LogMetric(prefix + "positive_precision", metrics.PositivePrecision, step);
        run.LogMetric(prefix + "positive_recall", metrics.PositiveRecall, step);
        run.LogMetric(prefix + "negative_precision", metrics.NegativePrecision, step);
        run.LogMetric(prefix + "negative_recall", metrics.NegativeRecall, step);
        if (metrics is CalibratedBinaryClassificationMetrics calibrated)
        {
            run.LogMetric(prefix + "log_loss", calibrated.LogLoss, step);
            run.LogMetric(prefix + "log_loss_reduction", calibrated.LogLossReduction, step);
            run.LogMetric(prefix + "entropy", calibrated.Entropy, step);
        }
    }

    /// <summary>Logs multiclass metrics: macro and micro accuracy, log-loss and its reduction, top-K accuracy, and per-class log-loss.</summary>
    public static void LogMetrics(this RunScope run, MulticlassClassificationMetrics metrics, string prefix = "", long step = 0)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(metrics);
        run.LogMetric(prefix + "macro_accuracy", metrics.MacroAccuracy, step);
        run.LogMetric(prefix + "micro_accuracy", metrics.MicroAccuracy, step);
        run.LogMetric(prefix + "log_loss", metrics.LogLoss, step);
        run.LogMetric(prefix + "log_loss_reduction", metrics.LogLossReduction, step);
        if (metrics.TopKPredictionCount > 0)
        {
            run.LogMetric(prefix + "top_k_accuracy", metrics.TopKAccuracy, step);
        }

        for (var i = 0; i < metrics.PerClassLogLoss.Count; i++)
        {
            run.LogMetric(prefix + "per_class_log_loss." + i.ToString(System.Globalization.CultureInfo.InvariantCulture), metrics.PerClassLogLoss[i], step);
        }
    }

    /// <summary>
    /// Logs a trained ML.NET model under <paramref name="artifactPath"/>: <c>model.zip</c> (saved with its input schema)
    /// and <c>MLmodel.json</c> (flavor, file, input schema), and tags the run with the model's flavor and path.
    /// </summary>
    public static async Task<RunArtifact> LogModelAsync(this RunScope run, MLContext mlContext, ITransformer model, DataViewSchema inputSchema, string artifactPath = "model", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputSchema);
        InputRules.ValidateArtifactPath(artifactPath);

        var temp = Path.Combine(Path.GetTempPath(), "mlops-model-" + Guid.NewGuid().ToString("N") + ".zip");
        try
        {
            mlContext.Model.Save(model, inputSchema, temp);
            var artifact = await run.LogFileAsync(temp, artifactPath + "/" + ModelFileName, cancellationToken).ConfigureAwait(false);
            var descriptor = new
            {
                flavor = "mlnet",
                file = ModelFileName,
                sha256 = artifact.Digest,
                mlnetVersion = typeof(MLContext).Assembly.GetName().Version?.ToString(),
                inputSchema = JsonDocument.Parse(Datasets.DescribeSchema(inputSchema.Where(c => !c.IsHidden))).RootElement,
            };
            await run.LogJsonAsync(artifactPath + "/" + ModelDescriptorFileName, descriptor, cancellationToken: cancellationToken).ConfigureAwait(false);
            await run.SetTagsAsync(new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [RunTags.ModelFlavor] = "mlnet",
                [RunTags.ModelPath] = artifactPath,
            }, cancellationToken).ConfigureAwait(false);
            return artifact;
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
