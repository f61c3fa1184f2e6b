using Microsoft.Extensions.Logging;
using Mlops.Journal;
using Mlops.Storage;

namespace Mlops.Governance;

/// <summary>The audit log over the store's journal: verification by <see cref="JournalVerifier"/>, queries, bundle export.</summary>
internal sealed class AuditLog(IJournalStore store, IActorAccessor actor, TimeProvider time, ILogger<AuditLog> logger) : IAuditLog
{
    private const int PageSize = 1000;

    public async Task<JournalVerificationResult> VerifyAsync(CancellationToken cancellationToken = default)
    {
        var result = await JournalVerifier.VerifyAsync(store, cancellationToken).ConfigureAwait(false);
        if (result.IsValid)
        {
            AuditLogMessages.ChainVerified(logger, result.EntriesChecked, result.Head?.Sequence ?? 0);
        }
        else
        {
            AuditLogMessages.ChainBroken(logger, result.FirstBrokenSequence, result.Problem);
        }

        return result;
    }

    public Task<IReadOnlyList<JournalEntry>> QueryAsync(JournalQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        return store.QueryJournalAsync(query, cancellationToken);
    }

    public async Task<AuditBundleSummary> ExportBundleAsync(Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (!destination.CanWrite)
        {
            throw new ArgumentException("The audit bundle destination must be writable.", nameof(destination));
        }

        // The head is read first: entries are only ever appended, so everything up to it is a consistent snapshot even
        // while other writers go on; a journal whose tail was deleted keeps a head beyond its last entry, which the
        // bundle then carries for the auditor to find.
        var head = await store.GetJournalHeadAsync(cancellationToken).ConfigureAwait(false);
        var exportedAt = JournalChain.TruncateToMilliseconds(time.GetUtcNow());
        var exportedBy = actor.CurrentActor;
        var count = 0L;
        using var writer = new AuditBundle.Writer(destination);
        var next = 1L;
        var done = head is null;
        while (!done)
        {
            var page = await store.ReadJournalAsync(next, PageSize, cancellationToken).ConfigureAwait(false);
            foreach (var entry in page)
            {
                if (entry.Sequence > head!.Sequence)
                {
                    done = true;
                    break;
                }

                writer.WriteEntry(entry);
                count++;
                next = entry.Sequence + 1;
            }

            done |= page.Count < PageSize;
            if (writer.ShouldFlush)
            {
                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        writer.WriteHead(head, count, exportedAt, exportedBy);
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
        AuditLogMessages.BundleExported(logger, count, head?.Sequence ?? 0, exportedBy);

        // Who exported what is itself on the record; the entry comes after the bundle's head, so the bundle stays as exported.
        await store.AppendJournalAsync(new JournalDraft(JournalKinds.AuditExported, "journal", exportedBy, exportedAt,
            JournalPayload.Create(("entries", count), ("headSequence", head?.Sequence), ("headHash", head?.Hash), ("exportedBy", exportedBy))),
            cancellationToken).ConfigureAwait(false);
        return new AuditBundleSummary(count, head, exportedAt, exportedBy);
    }
}
