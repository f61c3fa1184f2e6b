namespace Mlops.Journal;

/// <summary>The journal as an application sees it: read from a sequence number, and verify the chain.</summary>
public interface IJournal
{
    /// <summary>Reads up to <paramref name="maxCount"/> entries with sequence ≥ <paramref name="fromSequence"/>, in order.</summary>
    Task<IReadOnlyList<JournalEntry>> ReadAsync(long fromSequence = 1, int maxCount = 1000, CancellationToken cancellationToken = default);

    /// <summary>Reads the entries matching a query (subject, actor, kinds, time range), in sequence order.</summary>
    Task<IReadOnlyList<JournalEntry>> QueryAsync(JournalQuery query, CancellationToken cancellationToken = default);

    /// <summary>Verifies the whole chain and names the first broken or missing entry.</summary>
    Task<JournalVerificationResult> VerifyAsync(CancellationToken cancellationToken = default);
}
