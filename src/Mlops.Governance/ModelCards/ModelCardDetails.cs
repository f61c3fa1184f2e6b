namespace Mlops.Governance;

/// <summary>Model details: what the version is and where it came from (generated), and who answers for it (written).</summary>
public sealed record ModelCardDetails
{
    /// <summary>The registered model's name.</summary>
    public required string Name { get; init; }

    /// <summary>The version number.</summary>
    public required int Version { get; init; }

    /// <summary>The version's URI, <c>models:/name/N</c>.</summary>
    public required string Uri { get; init; }

    /// <summary>The registered model's description, if any.</summary>
    public string? ModelDescription { get; init; }

    /// <summary>The version's description, if any.</summary>
    public string? Description { get; init; }

    /// <summary>The flavor it loads with (<c>mlnet</c>, <c>onnx</c>).</summary>
    public required string Flavor { get; init; }

    /// <summary>The SHA-256 of the model file, checked before every load.</summary>
    public required string ArtifactDigest { get; init; }

    /// <summary>The model file's size in bytes.</summary>
    public required long ArtifactLength { get; init; }

    /// <summary>The typed input/output signature as JSON, if recorded.</summary>
    public string? Signature { get; init; }

    /// <summary>Ready or archived.</summary>
    public required string Status { get; init; }

    /// <summary>The aliases that point at the version now.</summary>
    public required IReadOnlyList<string> Aliases { get; init; }

    /// <summary>The version's tags.</summary>
    public required IReadOnlyDictionary<string, string> Tags { get; init; }

    /// <summary>When it was registered.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Who registered it (its author).</summary>
    public required string CreatedBy { get; init; }

    /// <summary>Where it came from: <c>runs:/RUN_ID/model</c>, a file, <c>stream</c>.</summary>
    public required string Source { get; init; }

    /// <summary>The run that produced it, if any.</summary>
    public string? RunId { get; init; }

    /// <summary>The producing run's name, if any.</summary>
    public string? RunName { get; init; }

    /// <summary>The git commit the producing run's source was at, when recorded.</summary>
    public string? GitCommit { get; init; }

    /// <summary>Whether that source had uncommitted changes, when recorded.</summary>
    public bool? GitDirty { get; init; }

    /// <summary>The producing run's parameters (hyperparameters).</summary>
    public required IReadOnlyDictionary<string, string> Parameters { get; init; }

    /// <summary>Written: who developed the model.</summary>
    public string? Developers { get; init; }

    /// <summary>Written: the licence.</summary>
    public string? License { get; init; }

    /// <summary>Written: where to send questions.</summary>
    public string? Contact { get; init; }
}
