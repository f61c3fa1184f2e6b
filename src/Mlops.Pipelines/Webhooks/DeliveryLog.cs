namespace Mlops.Pipelines.Webhooks;

/// <summary>A claimed delivery's record, written after each attempt so the log shows progress while back-offs run.</summary>
internal sealed class DeliveryLog(WebhookRecordStore records, TimeProvider time, WebhookDelivery delivery, long revision)
{
    public WebhookDelivery Delivery { get; private set; } = delivery;

    public async Task AppendAsync(WebhookAttempt attempt, CancellationToken cancellationToken)
    {
        Delivery = Delivery with { Attempts = [.. Delivery.Attempts, attempt] };
        revision = await records.PutDeliveryAsync(Delivery, revision, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
    }

    public async Task CompleteAsync(bool succeeded, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        Delivery = Delivery with { Status = succeeded ? WebhookDeliveryStatus.Succeeded : WebhookDeliveryStatus.Failed, CompletedAt = now };
        revision = await records.PutDeliveryAsync(Delivery, revision, now, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Marks the delivery interrupted as the instance stops (best effort, briefly: shutdown is under way).</summary>
    public async Task InterruptAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            var now = time.GetUtcNow();
            Delivery = Delivery with { Status = WebhookDeliveryStatus.Interrupted, CompletedAt = now };
            revision = await records.PutDeliveryAsync(Delivery, revision, now, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or MlopsException)
        {
            // Left pending: RedeliverAsync takes over a pending delivery once it is stale.
        }
    }
}
