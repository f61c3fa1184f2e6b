namespace Mlops.Governance;

/// <summary>A journal entry quoted on a card (validation logs, oversight events).</summary>
/// <param name="Sequence">Its sequence, to find it in the journal or an audit bundle.</param>
/// <param name="Timestamp">When.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Subject">What it happened to.</param>
/// <param name="Actor">Who did it.</param>
/// <param name="Payload">Its details as JSON text.</param>
public sealed record ModelCardJournalEvent(long Sequence, DateTimeOffset Timestamp, string Kind, string Subject, string Actor, string Payload);
