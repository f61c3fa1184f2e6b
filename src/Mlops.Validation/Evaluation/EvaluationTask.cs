namespace Mlops.Validation.Evaluation;

/// <summary>The kind of model, which picks the ML.NET evaluator and the metric names.</summary>
public enum EvaluationTask
{
    /// <summary>Binary classification: <c>accuracy</c>, <c>auc</c>, <c>auprc</c>, <c>f1</c>, precision and recall per class, and <c>log_loss</c>, <c>log_loss_reduction</c>, <c>entropy</c> when a probability column exists.</summary>
    BinaryClassification,

    /// <summary>Multiclass classification: <c>macro_accuracy</c>, <c>micro_accuracy</c>, <c>log_loss</c>, <c>log_loss_reduction</c>.</summary>
    MulticlassClassification,

    /// <summary>Regression: <c>mae</c>, <c>mse</c>, <c>rmse</c>, <c>r_squared</c>, <c>loss</c>.</summary>
    Regression,
}
