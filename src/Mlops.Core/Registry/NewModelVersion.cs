namespace Mlops.Registry;

/// <summary>What a store needs to register a version. The store assigns the number (last + 1) in the same transaction.</summary>
/// <param name="ModelName">The model (must exist).</param>
/// <param name="Flavor">The flavor name.</param>
/// <param name="ArtifactDigest">SHA-256 of the stored model file.</param>
/// <param name="ArtifactLength">Its length.</param>
/// <param name="Signature">Signature JSON, or <see langword="null"/>.</param>
/// <param name="RunId">The producing run (must exist when given).</param>
/// <param name="Source">Where it came from.</param>
/// <param name="Description">A description.</param>
/// <param name="Tags">Tags set at registration.</param>
/// <param name="CreatedAt">Registration time.</param>
/// <param name="CreatedBy">The registering actor.</param>
public sealed record NewModelVersion(
    string ModelName,
    string Flavor,
    string ArtifactDigest,
    long ArtifactLength,
    string? Signature,
    string? RunId,
    string Source,
    string? Description,
    IReadOnlyDictionary<string, string> Tags,
    DateTimeOffset CreatedAt,
    string CreatedBy);
