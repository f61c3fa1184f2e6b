namespace Mlops.Pipelines.Webhooks;

/// <summary>A page of a webhook's delivery log, newest first.</summary>
/// <param name="Deliveries">The deliveries, by descending sequence.</param>
/// <param name="NextBeforeSequence">Pass as <c>beforeSequence</c> to read the next (older) page; <see langword="null"/> on the last page.</param>
public sealed record WebhookDeliveryPage(IReadOnlyList<WebhookDelivery> Deliveries, long? NextBeforeSequence);
