namespace Mlops.Governance;

/// <summary>A dataset the producing run consumed, identified by its content digest.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Digest">The SHA-256 of its content.</param>
/// <param name="Source">Where it came from.</param>
/// <param name="RowCount">Its number of rows, when known.</param>
/// <param name="Context">How the run used it (<c>training</c>, <c>evaluation</c>, ...).</param>
public sealed record ModelCardDataset(string Name, string Digest, string Source, long? RowCount, string Context);
