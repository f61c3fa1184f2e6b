namespace Mlops.Tracking;

/// <summary>A file stored under a run: its logical path maps to content-addressed bytes.</summary>
/// <param name="Path">The logical, '/'-separated path under the run, such as <c>model/model.zip</c>.</param>
/// <param name="Digest">The SHA-256 of the content, 64 lowercase hex characters.</param>
/// <param name="Length">The size in bytes.</param>
public sealed record RunArtifact(string Path, string Digest, long Length);
