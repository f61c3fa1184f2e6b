using System.Text.Json;

namespace Mlops.Governance;

/// <summary>
/// A model card for one model version (Mitchell et al., "Model Cards for Model Reporting", 2019) with an EU AI Act
/// Annex IV skeleton. Generated parts come from the registry, lineage, the validation report and the journal; written
/// parts are merged in from <see cref="IModelCards.SetFieldsAsync"/>, and the required ones nobody has written yet are
/// <see langword="null"/> and listed in <see cref="MissingFields"/> ("to be written").
/// </summary>
public sealed record ModelCard
{
    /// <summary>The JSON format version.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>The JSON format version.</summary>
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>The version the card describes, <c>models:/name/N</c>.</summary>
    public required string ModelUri { get; init; }

    /// <summary>When the card was generated.</summary>
    public required DateTimeOffset GeneratedAt { get; init; }

    /// <summary>Who generated it.</summary>
    public required string GeneratedBy { get; init; }

    /// <summary>Model details.</summary>
    public required ModelCardDetails ModelDetails { get; init; }

    /// <summary>Intended use.</summary>
    public required ModelCardIntendedUse IntendedUse { get; init; }

    /// <summary>Factors.</summary>
    public required ModelCardFactors Factors { get; init; }

    /// <summary>Metrics.</summary>
    public required ModelCardMetrics Metrics { get; init; }

    /// <summary>Evaluation data.</summary>
    public required ModelCardData EvaluationData { get; init; }

    /// <summary>Training data.</summary>
    public required ModelCardData TrainingData { get; init; }

    /// <summary>Quantitative analyses.</summary>
    public required ModelCardQuantitativeAnalyses QuantitativeAnalyses { get; init; }

    /// <summary>Written: ethical considerations.</summary>
    public string? EthicalConsiderations { get; init; }

    /// <summary>Written: caveats and recommendations.</summary>
    public string? CaveatsAndRecommendations { get; init; }

    /// <summary>The promotion requests of this version and their approvals, from the journal.</summary>
    public required IReadOnlyList<ModelCardApproval> Approvals { get; init; }

    /// <summary>The EU AI Act Annex IV skeleton.</summary>
    public required ModelCardAnnexIv AnnexIv { get; init; }

    /// <summary>The required written fields (<see cref="ModelCardFields.Required"/>) nobody has written yet.</summary>
    public required IReadOnlyList<string> MissingFields { get; init; }

    /// <summary>The revision of the stored written fields (0 when none were written).</summary>
    public long FieldsRevision { get; init; }

    /// <summary>When the written fields last changed.</summary>
    public DateTimeOffset? FieldsUpdatedAt { get; init; }

    /// <summary>Who last changed them.</summary>
    public string? FieldsUpdatedBy { get; init; }

    /// <summary>Whether every required field is written.</summary>
    public bool IsComplete => MissingFields.Count == 0;

    /// <summary>Serializes the card as indented JSON with camelCase property names (stable across releases of one <see cref="SchemaVersion"/>).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, ModelCardJsonContext.Relaxed.ModelCard);

    /// <summary>Reads a card written by <see cref="ToJson"/>.</summary>
    /// <exception cref="MlopsValidationException">The text is not a model card.</exception>
    public static ModelCard FromJson(string json)
    {
        ArgumentException.ThrowIfNullOrEmpty(json);
        try
        {
            return JsonSerializer.Deserialize(json, ModelCardJsonContext.Relaxed.ModelCard)
                ?? throw new MlopsValidationException("model card", json, "the JSON document is null.");
        }
        catch (JsonException e)
        {
            throw new MlopsValidationException("model card", json.Length > 200 ? json[..200] : json, "it is not a model card JSON document: " + e.Message);
        }
    }

    /// <summary>Renders the card as Markdown, one heading per section; fields to be written are marked so.</summary>
    public string ToMarkdown() => ModelCardMarkdown.Render(this);
}
