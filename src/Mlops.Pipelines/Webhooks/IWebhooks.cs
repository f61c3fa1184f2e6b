namespace Mlops.Pipelines.Webhooks;

/// <summary>Webhooks as an application manages them: their state, the delivery log, redelivery, enabling and disabling.</summary>
public interface IWebhooks
{
    /// <summary>Every configured webhook with its state, by name.</summary>
    Task<IReadOnlyList<WebhookStatus>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>One webhook with its state; <see cref="MlopsNotFoundException"/> when none is configured under <paramref name="name"/>.</summary>
    Task<WebhookStatus> GetAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>A page of a webhook's delivery log, newest first.</summary>
    /// <param name="name">The webhook.</param>
    /// <param name="maxResults">At most this many (1–1000).</param>
    /// <param name="beforeSequence">Only deliveries of older events (the previous page's <see cref="WebhookDeliveryPage.NextBeforeSequence"/>); <see langword="null"/> for the newest.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<WebhookDeliveryPage> GetDeliveriesAsync(string name, int maxResults = 50, long? beforeSequence = null, CancellationToken cancellationToken = default);

    /// <summary>One delivery; <see cref="MlopsNotFoundException"/> when there is none with that id.</summary>
    Task<WebhookDelivery> GetDeliveryAsync(string deliveryId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends a logged delivery's event again now, with the webhook's retries, and returns the delivery with the new
    /// attempts appended. The body is byte-identical to the first delivery's; the timestamp and signature headers are
    /// new. Works on a disabled webhook too, and does not change its failure count. <see cref="MlopsConflictException"/>
    /// when the delivery is being attempted right now.
    /// </summary>
    Task<WebhookDelivery> RedeliverAsync(string deliveryId, CancellationToken cancellationToken = default);

    /// <summary>Enables a webhook (journaled <c>webhook.enabled</c>, failure count reset); events journaled while it was disabled are not delivered. No-op when enabled.</summary>
    Task<WebhookStatus> EnableAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Disables a webhook (journaled <c>webhook.disabled</c> with <paramref name="reason"/>). No-op when disabled.</summary>
    Task<WebhookStatus> DisableAsync(string name, string reason, CancellationToken cancellationToken = default);
}
