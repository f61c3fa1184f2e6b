using Microsoft.Extensions.Options;
using Mlops.Storage;

namespace Mlops.Pipelines.Webhooks;

/// <summary>The <see cref="IWebhooks"/> service over the webhook records.</summary>
internal sealed class Webhooks(
    IEnumerable<WebhookRegistration> registrations,
    IOptionsMonitor<WebhookOptions> options,
    WebhookRecordStore records,
    WebhookStateKeeper states,
    WebhookSender sender,
    IJournalStore journal,
    IOptions<WebhookDispatcherOptions> dispatcherOptions,
    TimeProvider time)
    : IWebhooks
{
    private readonly string[] _names = registrations.Select(r => r.Name).Order(StringComparer.Ordinal).ToArray();

    public async Task<IReadOnlyList<WebhookStatus>> ListAsync(CancellationToken cancellationToken = default)
    {
        var list = new List<WebhookStatus>(_names.Length);
        foreach (var name in _names)
        {
            list.Add(await StatusAsync(name, cancellationToken).ConfigureAwait(false));
        }

        return list;
    }

    public Task<WebhookStatus> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        Require(name);
        return StatusAsync(name, cancellationToken);
    }

    public async Task<WebhookDeliveryPage> GetDeliveriesAsync(string name, int maxResults = 50, long? beforeSequence = null, CancellationToken cancellationToken = default)
    {
        Require(name);
        if (maxResults is < 1 or > 1000)
        {
            throw new MlopsValidationException(nameof(maxResults), maxResults.ToString(System.Globalization.CultureInfo.InvariantCulture), "read between 1 and 1000 deliveries at a time.");
        }

        var all = await records.ListDeliveriesAsync(name, cancellationToken).ConfigureAwait(false);
        var older = all.Where(d => beforeSequence is null || d.Sequence < beforeSequence).OrderByDescending(d => d.Sequence).ToList();
        var page = older.Take(maxResults).ToList();
        return new WebhookDeliveryPage(page, older.Count > page.Count ? page[^1].Sequence : null);
    }

    public async Task<WebhookDelivery> GetDeliveryAsync(string deliveryId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deliveryId);
        var stored = await records.GetDeliveryAsync(deliveryId, cancellationToken).ConfigureAwait(false);
        return stored?.Value ?? throw new MlopsNotFoundException("webhook delivery", deliveryId);
    }

    public async Task<WebhookDelivery> RedeliverAsync(string deliveryId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deliveryId);
        if (!WebhookNames.TryParseDeliveryId(deliveryId, out var name, out var sequence))
        {
            throw new MlopsValidationException("delivery id", deliveryId, "a delivery id is WEBHOOK/SEQUENCE with the sequence as 20 digits.");
        }

        Require(name);
        var stored = await records.GetDeliveryAsync(deliveryId, cancellationToken).ConfigureAwait(false)
            ?? throw new MlopsNotFoundException("webhook delivery", deliveryId);
        var now = time.GetUtcNow();
        if (stored.Value.Status == WebhookDeliveryStatus.Pending && !IsStale(name, stored.Value, now))
        {
            throw new MlopsConflictException($"Webhook delivery '{deliveryId}' is being attempted (by {stored.Value.Instance}); redeliver it once it has finished.");
        }

        var entry = (await journal.ReadJournalAsync(sequence, 1, cancellationToken).ConfigureAwait(false)).SingleOrDefault(e => e.Sequence == sequence)
            ?? throw new MlopsNotFoundException("journal entry", sequence.ToString(System.Globalization.CultureInfo.InvariantCulture));

        // Taking it back to pending at the revision read is the claim: of two concurrent redeliveries, one conflicts.
        var pending = stored.Value with { Status = WebhookDeliveryStatus.Pending, CompletedAt = null, Instance = dispatcherOptions.Value.InstanceName };
        var revision = await records.PutDeliveryAsync(pending, stored.Revision, now, cancellationToken).ConfigureAwait(false);
        var log = new DeliveryLog(records, time, pending, revision);
        WebhookSendResult result;
        try
        {
            result = await sender.SendAsync(name, deliveryId, entry, redelivery: true, log.AppendAsync, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await log.InterruptAsync().ConfigureAwait(false);
            throw;
        }

        await log.CompleteAsync(result.Succeeded, cancellationToken).ConfigureAwait(false);
        return log.Delivery;
    }

    public async Task<WebhookStatus> EnableAsync(string name, CancellationToken cancellationToken = default)
    {
        Require(name);
        await states.EnableAsync(name, cancellationToken).ConfigureAwait(false);
        return await StatusAsync(name, cancellationToken).ConfigureAwait(false);
    }

    public async Task<WebhookStatus> DisableAsync(string name, string reason, CancellationToken cancellationToken = default)
    {
        Require(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        await states.DisableAsync(name, reason, cancellationToken).ConfigureAwait(false);
        return await StatusAsync(name, cancellationToken).ConfigureAwait(false);
    }

    private void Require(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (Array.IndexOf(_names, name) < 0)
        {
            throw new MlopsNotFoundException("webhook", name);
        }
    }

    /// <summary>
    /// Whether a pending delivery's instance has gone: its record has not changed for longer than two attempts with
    /// their longest back-off, while a live instance writes it after every attempt.
    /// </summary>
    private bool IsStale(string name, WebhookDelivery delivery, DateTimeOffset now)
    {
        var settings = options.Get(name);
        var lastWrite = delivery.Attempts.Count > 0 ? delivery.Attempts[^1].At + delivery.Attempts[^1].Duration : delivery.CreatedAt;
        return now - lastWrite > 2 * (settings.AttemptTimeout + settings.MaxRetryDelay);
    }

    private async Task<WebhookStatus> StatusAsync(string name, CancellationToken cancellationToken)
    {
        var settings = options.Get(name);
        var state = (await records.GetStateAsync(name, cancellationToken).ConfigureAwait(false)).Value;
        var cursor = await records.GetCursorAsync(name, cancellationToken).ConfigureAwait(false);
        return new WebhookStatus(
            name, settings.Url!, settings.EventKinds.ToArray(), state.Enabled, state.ConsecutiveFailures, state.LastError,
            state.DisabledAt, state.DisabledReason, cursor?.Value.Sequence ?? 0);
    }
}
