namespace Mlops.Validation.Evaluation;

/// <summary>How to evaluate a scored <see cref="Microsoft.ML.IDataView"/>: the task and its column names.</summary>
/// <param name="Task">The kind of model.</param>
/// <param name="LabelColumn">The label column. <value>Default <c>Label</c>.</value></param>
/// <param name="ScoreColumn">The score column. <value>Default <c>Score</c>.</value></param>
/// <param name="PredictedLabelColumn">The predicted label column (classification). <value>Default <c>PredictedLabel</c>.</value></param>
/// <param name="ProbabilityColumn">The probability column (binary); when the scored data lacks it the non-calibrated evaluator runs and no log-loss is reported. <value>Default <c>Probability</c>.</value></param>
public sealed record ModelEvaluationOptions(
    EvaluationTask Task,
    string LabelColumn = "Label",
    string ScoreColumn = "Score",
    string PredictedLabelColumn = "PredictedLabel",
    string ProbabilityColumn = "Probability");
