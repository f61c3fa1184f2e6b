using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Mlops.Governance;
using Mlops.Journal;
using Mlops.Storage;

namespace Mlops.Pipelines.Webhooks;

/// <summary>A record read with its revision (0: there is none yet).</summary>
internal readonly record struct Stored<T>(T Value, long Revision);

/// <summary>Webhook state, cursors and deliveries as governance records.</summary>
internal sealed class WebhookRecordStore(IGovernanceStore store)
{
    public async Task<Stored<WebhookStateDocument>> GetStateAsync(string webhook, CancellationToken cancellationToken)
    {
        var record = await store.GetGovernanceRecordAsync(WebhookRecordKinds.State, webhook, cancellationToken).ConfigureAwait(false);
        return record is null ? new(new WebhookStateDocument(), 0) : new(Read(record, WebhookJsonContext.Default.WebhookStateDocument), record.Revision);
    }

    public Task<GovernanceRecord> PutStateAsync(string webhook, WebhookStateDocument state, long revision, DateTimeOffset at, string actor, JournalDraft? journal, CancellationToken cancellationToken) =>
        store.PutGovernanceRecordAsync(WebhookRecordKinds.State, webhook, Write(state, WebhookJsonContext.Default.WebhookStateDocument), revision, at, actor, journal, cancellationToken);

    public async Task<Stored<WebhookCursorDocument>?> GetCursorAsync(string webhook, CancellationToken cancellationToken)
    {
        var record = await store.GetGovernanceRecordAsync(WebhookRecordKinds.Cursor, webhook, cancellationToken).ConfigureAwait(false);
        return record is null ? null : new Stored<WebhookCursorDocument>(Read(record, WebhookJsonContext.Default.WebhookCursorDocument), record.Revision);
    }

    public Task<GovernanceRecord> PutCursorAsync(string webhook, long sequence, long revision, DateTimeOffset at, string instance, CancellationToken cancellationToken) =>
        store.PutGovernanceRecordAsync(WebhookRecordKinds.Cursor, webhook, Write(new WebhookCursorDocument(sequence), WebhookJsonContext.Default.WebhookCursorDocument), revision, at, instance, null, cancellationToken);

    public async Task<Stored<WebhookDelivery>?> GetDeliveryAsync(string deliveryId, CancellationToken cancellationToken)
    {
        var record = await store.GetGovernanceRecordAsync(WebhookRecordKinds.Delivery, deliveryId, cancellationToken).ConfigureAwait(false);
        return record is null ? null : new Stored<WebhookDelivery>(Read(record, WebhookJsonContext.Default.WebhookDelivery), record.Revision);
    }

    public async Task<IReadOnlyList<WebhookDelivery>> ListDeliveriesAsync(string webhook, CancellationToken cancellationToken)
    {
        var records = await store.ListGovernanceRecordsAsync(WebhookRecordKinds.Delivery, webhook + "/", cancellationToken).ConfigureAwait(false);
        return records.Select(r => Read(r, WebhookJsonContext.Default.WebhookDelivery)).ToList();
    }

    /// <summary>Writes a delivery over <paramref name="revision"/> (0 claims it: <see cref="MlopsConflictException"/> when another instance already did).</summary>
    public async Task<long> PutDeliveryAsync(WebhookDelivery delivery, long revision, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var record = await store.PutGovernanceRecordAsync(
            WebhookRecordKinds.Delivery, delivery.Id, Write(delivery, WebhookJsonContext.Default.WebhookDelivery), revision, at, delivery.Instance, null, cancellationToken).ConfigureAwait(false);
        return record.Revision;
    }

    private static string Write<T>(T value, JsonTypeInfo<T> type) => JsonSerializer.Serialize(value, type);

    private static T Read<T>(GovernanceRecord record, JsonTypeInfo<T> type)
    {
        try
        {
            return JsonSerializer.Deserialize(record.Json, type)
                ?? throw new MlopsValidationException(record.Kind, record.Id, "the stored document is null.");
        }
        catch (JsonException e)
        {
            throw new MlopsValidationException(record.Kind, record.Id, $"the stored document is not a {typeof(T).Name}: {e.Message}");
        }
    }
}
