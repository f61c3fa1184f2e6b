using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mlops.Journal;
using Mlops.Storage;

namespace Mlops.Pipelines.Webhooks;

/// <summary>
/// Follows the journal for each webhook from its persisted cursor and delivers the entries it subscribes to. Every
/// instance of a fleet follows every webhook; a delivery is claimed by creating its delivery record at revision 0, so
/// exactly one instance sends each event, and the claim becomes the delivery log entry.
/// </summary>
internal sealed class WebhookDispatcher(
    IJournalStore journal,
    WebhookRecordStore records,
    WebhookSender sender,
    WebhookStateKeeper states,
    IOptionsMonitor<WebhookOptions> webhookOptions,
    IOptions<WebhookDispatcherOptions> dispatcherOptions,
    TimeProvider time,
    ILogger<WebhookDispatcher> logger)
{
    private readonly WebhookDispatcherOptions _options = dispatcherOptions.Value;

    public string Instance => _options.InstanceName;

    /// <summary>The webhook's cursor; created at the journal's head (new events only) when it has none.</summary>
    public async Task<long> EnsureCursorAsync(string webhook, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (await records.GetCursorAsync(webhook, cancellationToken).ConfigureAwait(false) is { } cursor)
            {
                return cursor.Value.Sequence;
            }

            var head = (await journal.GetJournalHeadAsync(cancellationToken).ConfigureAwait(false))?.Sequence ?? 0;
            try
            {
                await records.PutCursorAsync(webhook, head, 0, time.GetUtcNow(), Instance, cancellationToken).ConfigureAwait(false);
                WebhookLog.CursorCreated(logger, webhook, head);
                return head;
            }
            catch (MlopsConflictException)
            {
                // Another instance created it first: read theirs.
            }
        }
    }

    /// <summary>Reads one batch after the cursor and handles it; the new position, or <paramref name="position"/> when nothing was new.</summary>
    public async Task<long> RoundAsync(string webhook, long position, CancellationToken cancellationToken)
    {
        // Another instance may be ahead: start from the shared cursor, never behind it.
        position = Math.Max(position, await EnsureCursorAsync(webhook, cancellationToken).ConfigureAwait(false));
        var entries = await journal.ReadJournalAsync(position + 1, _options.BatchSize, cancellationToken).ConfigureAwait(false);
        if (entries.Count == 0)
        {
            return position;
        }

        var filter = new WebhookEventFilter(webhook, webhookOptions.Get(webhook).EventKinds);
        foreach (var entry in entries)
        {
            if (filter.Matches(entry) && (await records.GetStateAsync(webhook, cancellationToken).ConfigureAwait(false)).Value.Enabled)
            {
                await DeliverAsync(webhook, entry, cancellationToken).ConfigureAwait(false);
                await AdvanceCursorAsync(webhook, entry.Sequence, cancellationToken).ConfigureAwait(false);
            }
        }

        var last = entries[^1].Sequence;
        await AdvanceCursorAsync(webhook, last, cancellationToken).ConfigureAwait(false);
        return last;
    }

    private async Task DeliverAsync(string webhook, JournalEntry entry, CancellationToken cancellationToken)
    {
        var id = WebhookNames.DeliveryId(webhook, entry.Sequence);
        var now = time.GetUtcNow();
        var delivery = new WebhookDelivery(id, webhook, entry.Sequence, entry.Kind, entry.Subject, WebhookDeliveryStatus.Pending, now, null, Instance, []);
        long revision;
        try
        {
            revision = await records.PutDeliveryAsync(delivery, 0, now, cancellationToken).ConfigureAwait(false);
        }
        catch (MlopsConflictException)
        {
            return; // Another instance claimed it.
        }

        var log = new DeliveryLog(records, time, delivery, revision);
        WebhookSendResult result;
        try
        {
            result = await sender.SendAsync(webhook, id, entry, redelivery: false, log.AppendAsync, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await log.InterruptAsync().ConfigureAwait(false);
            WebhookLog.Interrupted(logger, webhook, id);
            throw;
        }

        await log.CompleteAsync(result.Succeeded, cancellationToken).ConfigureAwait(false);
        if (result.Succeeded)
        {
            WebhookLog.Delivered(logger, webhook, id, entry.Kind, result.Attempts);
        }
        else
        {
            WebhookLog.DeliveryFailed(logger, webhook, id, entry.Kind, result.Attempts, result.LastError ?? "no answer");
        }

        await states.RecordOutcomeAsync(webhook, id, result, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Moves the shared cursor forward to <paramref name="sequence"/> (never back: another instance may be ahead).</summary>
    private async Task AdvanceCursorAsync(string webhook, long sequence, CancellationToken cancellationToken)
    {
        while (true)
        {
            var cursor = await records.GetCursorAsync(webhook, cancellationToken).ConfigureAwait(false);
            if (cursor is { } c && c.Value.Sequence >= sequence)
            {
                return;
            }

            try
            {
                await records.PutCursorAsync(webhook, sequence, cursor?.Revision ?? 0, time.GetUtcNow(), Instance, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (MlopsConflictException)
            {
                // Moved meanwhile: read it again.
            }
        }
    }
}
