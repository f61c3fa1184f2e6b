namespace Mlops.Journal;

/// <summary>A sealed journal entry: a draft plus its position and its link in the hash chain.</summary>
/// <param name="Sequence">1, 2, 3... without gaps.</param>
/// <param name="Timestamp">When (millisecond precision).</param>
/// <param name="Kind">What happened.</param>
/// <param name="Subject">What it happened to.</param>
/// <param name="Actor">Who did it.</param>
/// <param name="Payload">Details as JSON object text.</param>
/// <param name="PreviousHash">The hash of entry <c>Sequence - 1</c> (64 zeros for the first entry).</param>
/// <param name="Hash">SHA-256 over the previous hash and the canonical form of this entry, 64 lowercase hex characters.</param>
public sealed record JournalEntry(
    long Sequence,
    DateTimeOffset Timestamp,
    string Kind,
    string Subject,
    string Actor,
    string Payload,
    string PreviousHash,
    string Hash);
