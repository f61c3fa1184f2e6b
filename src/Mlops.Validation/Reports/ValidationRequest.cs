using Microsoft.ML;
using Mlops.Validation.Drift;
using Mlops.Validation.Evaluation;
using Mlops.Validation.Expectations;

namespace Mlops.Validation;

/// <summary>What to validate a candidate model version on. Parts left out (no reference data, no sensitive features) are skipped.</summary>
/// <param name="CandidateUri">The version to validate, e.g. <c>models:/penguins/7</c>.</param>
/// <param name="EvaluationData">The data every check runs on (the candidate and the champion are scored on the same rows).</param>
/// <param name="Evaluation">How to evaluate (task and column names).</param>
public sealed record ValidationRequest(string CandidateUri, IDataView EvaluationData, ModelEvaluationOptions Evaluation)
{
    /// <summary>The champion to compare with, e.g. <c>models:/penguins@champion</c>; an unset alias skips the baseline checks.</summary>
    public string? ChampionUri { get; init; }

    /// <summary>Metric thresholds with MLflow's <c>MetricThreshold</c> semantics, by metric name.</summary>
    public IReadOnlyDictionary<string, MetricThreshold> Thresholds { get; init; } = new Dictionary<string, MetricThreshold>();

    /// <summary>Reference data (typically the training data): drift is measured against it, and expectations are inferred from it when <see cref="Expectations"/> is null.</summary>
    public IDataView? ReferenceData { get; init; }

    /// <summary>The expectation suite to run on <see cref="EvaluationData"/>; inferred from <see cref="ReferenceData"/> when null.</summary>
    public ExpectationSuite? Expectations { get; init; }

    /// <summary>The columns compared for drift; by default every column of the candidate's input signature present in both data sets.</summary>
    public IReadOnlyList<string>? DriftColumns { get; init; }

    /// <summary>Drift test options (per-column tests and thresholds, dataset drift share).</summary>
    public DriftOptions? Drift { get; init; }

    /// <summary>Sensitive features for fairness (columns of the evaluation data); empty skips fairness.</summary>
    public IReadOnlyList<string> SensitiveFeatures { get; init; } = [];

    /// <summary>The true-label column for fairness (text, number or Boolean; not a key type).</summary>
    public string FairnessLabelColumn { get; init; } = "Label";

    /// <summary>The predicted-label column for fairness in the scored data.</summary>
    public string FairnessPredictedColumn { get; init; } = "PredictedLabel";

    /// <summary>The class counted as "selected" for multiclass fairness rates; null gives an accuracy-only frame.</summary>
    public string? PositiveClass { get; init; }
}
