namespace Mlops.Artifacts;

/// <summary>Stored content: its SHA-256 digest and its length.</summary>
/// <param name="Digest">SHA-256, 64 lowercase hex characters.</param>
/// <param name="Length">Size in bytes.</param>
public sealed record ArtifactDescriptor(string Digest, long Length);
