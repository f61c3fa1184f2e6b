using Mlops.Storage;

namespace Mlops.Journal;

/// <summary>Walks a journal from the first entry and checks sequence contiguity, hash links, hashes and the recorded head.</summary>
public static class JournalVerifier
{
    /// <summary>Verifies the store's whole journal, reading it in pages.</summary>
    public static async Task<JournalVerificationResult> VerifyAsync(IJournalStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        const int PageSize = 1000;
        var expectedSequence = 1L;
        var previousHash = JournalChain.GenesisHash;
        var checkedCount = 0L;
        while (true)
        {
            var page = await store.ReadJournalAsync(expectedSequence, PageSize, cancellationToken).ConfigureAwait(false);
            foreach (var entry in page)
            {
                var problem = Check(entry, expectedSequence, previousHash);
                if (problem is not null)
                {
                    return new JournalVerificationResult(false, checkedCount, expectedSequence, problem, Head(expectedSequence - 1, previousHash));
                }

                checkedCount++;
                expectedSequence++;
                previousHash = entry.Hash;
            }

            if (page.Count < PageSize)
            {
                break;
            }
        }

        var recordedHead = await store.GetJournalHeadAsync(cancellationToken).ConfigureAwait(false);
        var lastSequence = expectedSequence - 1;
        if (recordedHead is not null && recordedHead.Sequence > lastSequence)
        {
            return new JournalVerificationResult(false, checkedCount, lastSequence + 1,
                $"entry {lastSequence + 1} is missing: the recorded head is entry {recordedHead.Sequence} but the journal ends at {lastSequence}.",
                Head(lastSequence, previousHash));
        }

        if (recordedHead is not null && recordedHead.Sequence == lastSequence && lastSequence > 0 && recordedHead.Hash != previousHash)
        {
            return new JournalVerificationResult(false, checkedCount, lastSequence,
                $"entry {lastSequence} does not match the recorded head hash.", Head(lastSequence, previousHash));
        }

        return new JournalVerificationResult(true, checkedCount, null, null, Head(lastSequence, previousHash));
    }

    private static string? Check(JournalEntry entry, long expectedSequence, string previousHash)
    {
        if (entry.Sequence != expectedSequence)
        {
            return $"entry {expectedSequence} is missing: the next stored entry is {entry.Sequence}.";
        }

        var recomputed = JournalChain.ComputeHash(entry);
        if (!string.Equals(recomputed, entry.Hash, StringComparison.Ordinal))
        {
            return $"entry {entry.Sequence} ({entry.Kind} {entry.Subject}) was modified: its content hashes to {recomputed}, but it records {entry.Hash}.";
        }

        return string.Equals(entry.PreviousHash, previousHash, StringComparison.Ordinal)
            ? null
            : $"entry {entry.Sequence} does not link to entry {entry.Sequence - 1}: it records previous hash {entry.PreviousHash}, but entry {entry.Sequence - 1} hashes to {previousHash}.";
    }

    private static JournalHead? Head(long sequence, string hash) => sequence > 0 ? new JournalHead(sequence, hash) : null;
}
