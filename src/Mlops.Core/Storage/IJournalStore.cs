using Mlops.Journal;

namespace Mlops.Storage;

/// <summary>
/// The journal part of the store contract. Mutations that a store performs append their entry themselves, in the same
/// transaction; <see cref="AppendJournalAsync"/> is for events that have no other mutation.
/// </summary>
public interface IJournalStore
{
    /// <summary>Appends one entry in its own transaction and returns it sealed.</summary>
    Task<JournalEntry> AppendJournalAsync(JournalDraft draft, CancellationToken cancellationToken = default);

    /// <summary>Reads up to <paramref name="maxCount"/> entries with sequence ≥ <paramref name="fromSequence"/>, in order.</summary>
    Task<IReadOnlyList<JournalEntry>> ReadJournalAsync(long fromSequence, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>The head the store recorded with the last append, or <see langword="null"/> for an empty journal.</summary>
    Task<JournalHead?> GetJournalHeadAsync(CancellationToken cancellationToken = default);

    /// <summary>Reads the entries matching <paramref name="query"/> (see <see cref="JournalQuery.Matches"/>), in sequence order.</summary>
    Task<IReadOnlyList<JournalEntry>> QueryJournalAsync(JournalQuery query, CancellationToken cancellationToken = default);
}
