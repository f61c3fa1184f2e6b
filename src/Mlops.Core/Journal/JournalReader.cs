using Mlops.Storage;

namespace Mlops.Journal;

internal sealed class JournalReader(IJournalStore store) : IJournal
{
    public Task<IReadOnlyList<JournalEntry>> ReadAsync(long fromSequence = 1, int maxCount = 1000, CancellationToken cancellationToken = default)
    {
        if (fromSequence < 1)
        {
            throw new MlopsValidationException("fromSequence", fromSequence.ToString(System.Globalization.CultureInfo.InvariantCulture), "journal sequence numbers start at 1.");
        }

        if (maxCount is < 1 or > 100_000)
        {
            throw new MlopsValidationException("maxCount", maxCount.ToString(System.Globalization.CultureInfo.InvariantCulture), "read between 1 and 100000 entries at a time.");
        }

        return store.ReadJournalAsync(fromSequence, maxCount, cancellationToken);
    }

    public Task<IReadOnlyList<JournalEntry>> QueryAsync(JournalQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        return store.QueryJournalAsync(query, cancellationToken);
    }

    public Task<JournalVerificationResult> VerifyAsync(CancellationToken cancellationToken = default) =>
        JournalVerifier.VerifyAsync(store, cancellationToken);
}
