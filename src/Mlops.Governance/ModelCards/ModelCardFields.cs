namespace Mlops.Governance;

/// <summary>
/// The names of the model card fields people write (stored with <see cref="IModelCards.SetFieldsAsync"/>); everything
/// else on a card is generated. <see cref="Required"/> are the fields a card lists as missing until someone writes them.
/// </summary>
public static class ModelCardFields
{
    /// <summary>The longest value of a written field, in characters.</summary>
    public const int MaxValueLength = 20_000;

    /// <summary>Model details: who developed the model (person or organisation).</summary>
    public const string Developers = "developers";

    /// <summary>Model details: the licence the model is used under.</summary>
    public const string License = "license";

    /// <summary>Model details: where to send questions or comments.</summary>
    public const string Contact = "contact";

    /// <summary>Intended use: the primary intended uses (required).</summary>
    public const string IntendedUse = "intendedUse";

    /// <summary>Intended use: the primary intended users.</summary>
    public const string PrimaryUsers = "primaryUsers";

    /// <summary>Intended use: uses that are out of scope (required).</summary>
    public const string OutOfScopeUses = "outOfScopeUses";

    /// <summary>Factors: the groups, instrumentation and environments relevant to performance (required).</summary>
    public const string RelevantFactors = "relevantFactors";

    /// <summary>Factors: which factors the evaluation covered, and why.</summary>
    public const string EvaluationFactors = "evaluationFactors";

    /// <summary>Metrics: why these metrics, thresholds and variation approaches were chosen.</summary>
    public const string MetricsRationale = "metricsRationale";

    /// <summary>Evaluation data: how it was chosen and preprocessed.</summary>
    public const string EvaluationDataNotes = "evaluationDataNotes";

    /// <summary>Training data: how it was collected and preprocessed.</summary>
    public const string TrainingDataNotes = "trainingDataNotes";

    /// <summary>Quantitative analyses: the reading of the disaggregated results.</summary>
    public const string QuantitativeAnalysesNotes = "quantitativeAnalysesNotes";

    /// <summary>Ethical considerations: sensitive data, risks to people, mitigations (required).</summary>
    public const string EthicalConsiderations = "ethicalConsiderations";

    /// <summary>Caveats and recommendations (required).</summary>
    public const string CaveatsAndRecommendations = "caveatsAndRecommendations";

    /// <summary>EU AI Act Annex IV: the system's intended purpose (required).</summary>
    public const string IntendedPurpose = "intendedPurpose";

    /// <summary>EU AI Act Annex IV: data requirements — provenance, scope, characteristics, labelling, cleaning (required).</summary>
    public const string DataRequirements = "dataRequirements";

    /// <summary>EU AI Act Annex IV and Art. 14: the human-oversight measures (required).</summary>
    public const string HumanOversightMeasures = "humanOversightMeasures";

    /// <summary>EU AI Act Annex IV and Art. 72: the post-market monitoring plan (required).</summary>
    public const string PostMarketMonitoringPlan = "postMarketMonitoringPlan";

    /// <summary>Every written field, in card order.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        Developers, License, Contact, IntendedUse, PrimaryUsers, OutOfScopeUses, RelevantFactors, EvaluationFactors,
        MetricsRationale, EvaluationDataNotes, TrainingDataNotes, QuantitativeAnalysesNotes, EthicalConsiderations,
        CaveatsAndRecommendations, IntendedPurpose, DataRequirements, HumanOversightMeasures, PostMarketMonitoringPlan,
    ];

    /// <summary>The written fields a complete card must have, in card order.</summary>
    public static IReadOnlyList<string> Required { get; } =
    [
        IntendedUse, OutOfScopeUses, RelevantFactors, EthicalConsiderations, CaveatsAndRecommendations, IntendedPurpose,
        DataRequirements, HumanOversightMeasures, PostMarketMonitoringPlan,
    ];

    /// <summary>Whether <paramref name="name"/> is a written field (case-sensitive).</summary>
    public static bool IsKnown(string? name) => name is not null && All.Contains(name, StringComparer.Ordinal);
}
