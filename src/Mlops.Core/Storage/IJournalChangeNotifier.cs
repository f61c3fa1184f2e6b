namespace Mlops.Storage;

/// <summary>
/// An optional companion of <see cref="IJournalStore"/> that wakes journal followers as soon as another writer (any process)
/// commits an entry, instead of at their next poll. A store that can push changes (PostgreSQL's <c>LISTEN/NOTIFY</c>)
/// registers one; a store that cannot registers none and followers simply poll.
/// </summary>
/// <remarks>
/// A notification is a hint, never the record: followers still read the journal, and polling stays the fallback. A
/// notifier that has lost its connection just lets the wait run out, so a follower reads at least once per timeout.
/// </remarks>
public interface IJournalChangeNotifier
{
    /// <summary>
    /// Waits until an entry with a sequence after <paramref name="afterSequence"/> may exist, or until
    /// <paramref name="timeout"/> has passed.
    /// </summary>
    /// <param name="afterSequence">The last sequence the caller has read (-1 or 0 when it has read none).</param>
    /// <param name="timeout">How long to wait at most; <see cref="Timeout.InfiniteTimeSpan"/> waits until a change.</param>
    /// <param name="cancellationToken">Ends the wait early with an <see cref="OperationCanceledException"/>.</param>
    /// <returns>
    /// <see langword="true"/> when woken: an entry after <paramref name="afterSequence"/> may exist (read the journal to
    /// find out); <see langword="false"/> when the timeout passed without such a notification (read anyway if polling).
    /// </returns>
    ValueTask<bool> WaitForChangeAsync(long afterSequence, TimeSpan timeout, CancellationToken cancellationToken = default);
}
