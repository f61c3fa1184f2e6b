namespace Mlops.Journal;

/// <summary>
/// A journal entry before a store seals it. Feature code builds the draft; the store appends it in the same transaction
/// as the mutation it records, assigning the sequence number and chaining the hash.
/// </summary>
/// <param name="Kind">What happened, dotted lowercase, such as <c>run.created</c> (see <see cref="JournalKinds"/>).</param>
/// <param name="Subject">What it happened to, such as <c>run/3f2a...</c> or <c>experiment/penguins</c>.</param>
/// <param name="Actor">Who did it.</param>
/// <param name="Timestamp">When (stored with millisecond precision).</param>
/// <param name="Payload">Details as a JSON object text (use <see cref="JournalPayload"/> to build it).</param>
public sealed record JournalDraft(string Kind, string Subject, string Actor, DateTimeOffset Timestamp, string Payload);
