using Mlops.Journal;
using Mlops.Storage;

namespace Mlops.Core.Tests.Journal;

/// <summary>
/// A journal store in a list, sealing entries with <see cref="JournalChain"/> like a real provider, with doors for
/// tampering behind the chain's back (what an attacker with database access could do).
/// </summary>
internal sealed class InMemoryJournalStore : IJournalStore
{
    private readonly List<JournalEntry> _entries = [];
    private readonly Lock _gate = new();

    public JournalHead? Head { get; set; }

    public int ReadCalls { get; private set; }

    public IReadOnlyList<JournalEntry> Entries
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries];
            }
        }
    }

    public Task<JournalEntry> AppendJournalAsync(JournalDraft draft, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var sequence = (Head?.Sequence ?? 0) + 1;
            var entry = JournalChain.Seal(draft, sequence, Head?.Hash ?? JournalChain.GenesisHash);
            _entries.Add(entry);
            Head = new JournalHead(entry.Sequence, entry.Hash);
            return Task.FromResult(entry);
        }
    }

    public Task<IReadOnlyList<JournalEntry>> QueryJournalAsync(JournalQuery query, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<JournalEntry>>(_entries.Where(query.Matches).Take(query.MaxResults).ToList());
        }
    }

    public Task<IReadOnlyList<JournalEntry>> ReadJournalAsync(long fromSequence, int maxCount, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ReadCalls++;
            IReadOnlyList<JournalEntry> page = [.. _entries.Where(e => e.Sequence >= fromSequence).OrderBy(e => e.Sequence).Take(maxCount)];
            return Task.FromResult(page);
        }
    }

    public Task<JournalHead?> GetJournalHeadAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Head);
    }

    /// <summary>Replaces the stored entry with the same sequence.</summary>
    public void Overwrite(JournalEntry entry)
    {
        lock (_gate)
        {
            var index = _entries.FindIndex(e => e.Sequence == entry.Sequence);
            _entries[index] = entry;
        }
    }

    /// <summary>Deletes the entry with the sequence (the recorded head is left as it was).</summary>
    public void Delete(long sequence)
    {
        lock (_gate)
        {
            _entries.RemoveAll(e => e.Sequence == sequence);
        }
    }

    public JournalEntry Get(long sequence) => Entries.Single(e => e.Sequence == sequence);

    public async Task<InMemoryJournalStore> AppendManyAsync(int count, CancellationToken cancellationToken)
    {
        var start = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);
        for (var i = 1; i <= count; i++)
        {
            var payload = JournalPayload.Create(("index", i), ("note", $"entry {i}"));
            await AppendJournalAsync(new JournalDraft(JournalKinds.RunCreated, $"run/{i:x4}", "alice", start.AddSeconds(i), payload), cancellationToken);
        }

        return this;
    }
}
