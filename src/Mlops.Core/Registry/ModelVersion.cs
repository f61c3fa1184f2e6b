namespace Mlops.Registry;

/// <summary>One registered version of a model: immutable content (by digest) plus mutable description, tags, status.</summary>
/// <param name="ModelName">The model.</param>
/// <param name="Version">1, 2, 3... per model, without gaps.</param>
/// <param name="Flavor">How to load it: <c>mlnet</c>, <c>onnx</c>.</param>
/// <param name="ArtifactDigest">SHA-256 of the model file in the artifact store, checked before every load.</param>
/// <param name="ArtifactLength">The model file's size in bytes.</param>
/// <param name="Signature">The typed input/output signature as JSON (see <see cref="ModelSignature"/>), or <see langword="null"/>.</param>
/// <param name="RunId">The run that produced it, or <see langword="null"/> for a file registered directly.</param>
/// <param name="Source">Where it came from: <c>runs:/RUN_ID/model</c>, a file path, <c>stream</c>.</param>
/// <param name="Description">A description, or <see langword="null"/>.</param>
/// <param name="Tags">Tags by key.</param>
/// <param name="Status">Ready or archived.</param>
/// <param name="CreatedAt">When it was registered.</param>
/// <param name="CreatedBy">Who registered it (the author, for separation of duties).</param>
/// <param name="Aliases">The aliases that point to this version.</param>
public sealed record ModelVersion(
    string ModelName,
    int Version,
    string Flavor,
    string ArtifactDigest,
    long ArtifactLength,
    string? Signature,
    string? RunId,
    string Source,
    string? Description,
    IReadOnlyDictionary<string, string> Tags,
    ModelVersionStatus Status,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    IReadOnlyList<string> Aliases)
{
    /// <summary>The canonical URI of this version, <c>models:/name/7</c>.</summary>
    public string Uri => ModelUri.ForVersion(ModelName, Version).ToString();
}
