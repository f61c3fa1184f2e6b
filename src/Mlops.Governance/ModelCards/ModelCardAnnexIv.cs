namespace Mlops.Governance;

/// <summary>
/// A skeleton of the technical documentation of EU AI Act Annex IV for this model: the generated records (version
/// history, validation and test logs, oversight events) and the parts people write. It supports, not replaces, the
/// provider's documentation of the whole AI system.
/// </summary>
public sealed record ModelCardAnnexIv
{
    /// <summary>Written: the intended purpose.</summary>
    public string? IntendedPurpose { get; init; }

    /// <summary>Every version of the model.</summary>
    public required IReadOnlyList<ModelCardVersion> VersionHistory { get; init; }

    /// <summary>Written: the data requirements.</summary>
    public string? DataRequirements { get; init; }

    /// <summary>The validation reports attached to this version (<c>model.version.validated</c> entries).</summary>
    public required IReadOnlyList<ModelCardJournalEvent> ValidationAndTestLogs { get; init; }

    /// <summary>Written: the human-oversight measures.</summary>
    public string? HumanOversightMeasures { get; init; }

    /// <summary>Kill-switch and override events of the model (<c>model.serving.disabled</c>/<c>enabled</c>, <c>model.output.overridden</c>).</summary>
    public required IReadOnlyList<ModelCardJournalEvent> OversightEvents { get; init; }

    /// <summary>Written: the post-market monitoring plan.</summary>
    public string? PostMarketMonitoringPlan { get; init; }
}
