namespace Mlops.Governance;

/// <summary>
/// Inference records (EU AI Act Art. 12), registered by <c>AddInferenceRecords</c>: the auditor's query, the recorder's
/// status, and the write and purge jobs on demand.
/// </summary>
public interface IInferenceRecords
{
    /// <summary>What the recorder did since start: enqueued, written, dropped and failed counts.</summary>
    InferenceRecordStatus Status { get; }

    /// <summary>Reads records in sequence order; needs <see cref="PermissionLevel.Read"/> on each model read.</summary>
    Task<IReadOnlyList<InferenceRecord>> ReadAsync(InferenceRecordQuery query, CancellationToken cancellationToken = default);

    /// <summary>Writes every record buffered before the call; returns when they are in the store (or counted as failed).</summary>
    Task FlushAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes records older than <see cref="InferenceRecordOptions.Retention"/> and journals <c>inference.records.purged</c>
    /// in the same transaction; returns how many. Nothing to delete: nothing is written. The purge job calls it daily.
    /// </summary>
    Task<long> PurgeExpiredAsync(CancellationToken cancellationToken = default);
}
