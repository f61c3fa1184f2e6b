using Mlops.Governance;
using Mlops.Journal;

namespace Mlops.Storage;

/// <summary>
/// The governance part of the store contract: versioned governance records (each change with its journal entry, in one
/// transaction) and inference records (data, like metric points: appended in batches, not journaled one by one).
/// </summary>
public interface IGovernanceStore
{
    /// <summary>
    /// Creates (<paramref name="expectedRevision"/> 0) or replaces (the revision read) a record and appends
    /// <paramref name="journal"/> in the same transaction; <see cref="MlopsConflictException"/> when the record's revision
    /// is not <paramref name="expectedRevision"/> (someone else changed it, or it exists / does not).
    /// </summary>
    /// <remarks>
    /// <paramref name="journal"/> is <see langword="null"/> only for records that are data rather than lifecycle
    /// mutations (a webhook's delivery log, a follower's position): they are versioned and race-free like the others but
    /// leave no journal entry. Creating a record at revision 0 is also how one instance of a fleet claims a piece of work
    /// (a schedule's tick): exactly one creator succeeds, every other gets the conflict.
    /// </remarks>
    Task<GovernanceRecord> PutGovernanceRecordAsync(string kind, string id, string json, long expectedRevision, DateTimeOffset updatedAt, string updatedBy, JournalDraft? journal, CancellationToken cancellationToken = default);

    /// <summary>Deletes a record at <paramref name="expectedRevision"/> with its journal entry (<see langword="null"/> for a data record); conflict as for puts.</summary>
    Task DeleteGovernanceRecordAsync(string kind, string id, long expectedRevision, JournalDraft? journal, CancellationToken cancellationToken = default);

    /// <summary>A record, or <see langword="null"/>.</summary>
    Task<GovernanceRecord?> GetGovernanceRecordAsync(string kind, string id, CancellationToken cancellationToken = default);

    /// <summary>The records of a kind (optionally whose id starts with <paramref name="idPrefix"/>), by id.</summary>
    Task<IReadOnlyList<GovernanceRecord>> ListGovernanceRecordsAsync(string kind, string? idPrefix = null, CancellationToken cancellationToken = default);

    /// <summary>Appends inference records in one transaction; the store assigns their sequences.</summary>
    Task AppendInferenceRecordsAsync(IReadOnlyList<InferenceRecord> records, CancellationToken cancellationToken = default);

    /// <summary>Reads inference records in sequence order.</summary>
    Task<IReadOnlyList<InferenceRecord>> ReadInferenceRecordsAsync(InferenceRecordQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes inference records older than <paramref name="before"/> and appends the entry <paramref name="journal"/> builds
    /// from the number deleted, in the same transaction; returns how many.
    /// </summary>
    Task<long> PurgeInferenceRecordsAsync(DateTimeOffset before, Func<long, JournalDraft> journal, CancellationToken cancellationToken = default);
}
