namespace Mlops.Governance;

/// <summary>
/// A small versioned JSON document a governance feature keeps in the store — a promotion request, a permission grant, a
/// model's serving control, the written fields of a model card — always changed together with its journal entry.
/// </summary>
/// <param name="Kind">What it is (<see cref="GovernanceRecordKinds"/>).</param>
/// <param name="Id">Its identity within the kind.</param>
/// <param name="Revision">1 when created, +1 on each change: writers pass the revision they read (optimistic concurrency).</param>
/// <param name="Json">The document.</param>
/// <param name="UpdatedAt">When it last changed.</param>
/// <param name="UpdatedBy">Who changed it.</param>
public sealed record GovernanceRecord(string Kind, string Id, long Revision, string Json, DateTimeOffset UpdatedAt, string UpdatedBy);
