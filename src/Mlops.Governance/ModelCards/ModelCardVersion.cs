namespace Mlops.Governance;

/// <summary>One version of the model, for the Annex IV version history.</summary>
/// <param name="Version">The version number.</param>
/// <param name="CreatedAt">When it was registered.</param>
/// <param name="CreatedBy">Who registered it.</param>
/// <param name="Status">Ready or archived.</param>
/// <param name="ArtifactDigest">The SHA-256 of its model file.</param>
/// <param name="Aliases">The aliases pointing at it now.</param>
/// <param name="ValidationVerdict">Its validation verdict tag (<c>PASSED</c>, <c>FAILED</c>), if validated.</param>
/// <param name="Description">Its description.</param>
public sealed record ModelCardVersion(int Version, DateTimeOffset CreatedAt, string CreatedBy, string Status, string ArtifactDigest, IReadOnlyList<string> Aliases, string? ValidationVerdict, string? Description);
