namespace Mlops.Journal;

/// <summary>The last entry a store recorded, kept beside the entries so that deleting the tail is detected too.</summary>
/// <param name="Sequence">The sequence of the last appended entry.</param>
/// <param name="Hash">Its hash.</param>
public sealed record JournalHead(long Sequence, string Hash);
