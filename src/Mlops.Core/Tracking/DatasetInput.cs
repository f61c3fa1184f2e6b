namespace Mlops.Tracking;

/// <summary>A dataset a run consumed, identified by the SHA-256 digest of its content.</summary>
/// <param name="Name">A human-readable name, such as <c>penguins</c>.</param>
/// <param name="Digest">The SHA-256 of the content, 64 lowercase hex characters.</param>
/// <param name="Source">Where it came from: a path, a URI, a query.</param>
/// <param name="Schema">The schema as JSON (column names and types), or <see langword="null"/>.</param>
/// <param name="RowCount">The number of rows, or <see langword="null"/> when unknown.</param>
/// <param name="Context">How the run used it: <c>training</c>, <c>evaluation</c>, ...</param>
public sealed record DatasetInput(string Name, string Digest, string Source, string? Schema, long? RowCount, string Context);
