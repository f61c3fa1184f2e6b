namespace Mlops.Pipelines.Webhooks;

/// <summary>A delivery log entry: one journal event sent to one webhook, with every attempt.</summary>
/// <param name="Id">The delivery id, <c>WEBHOOK/SEQUENCE</c> with the sequence as 20 digits; sent as <c>X-Mlops-Delivery-Id</c> and kept by redeliveries, so receivers can de-duplicate on it.</param>
/// <param name="Webhook">The webhook's name.</param>
/// <param name="Sequence">The journal entry's sequence.</param>
/// <param name="EventKind">The journal entry's kind.</param>
/// <param name="Subject">The journal entry's subject.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="CreatedAt">When an instance claimed it.</param>
/// <param name="CompletedAt">When the last (re)delivery finished, else <see langword="null"/>.</param>
/// <param name="Instance">The instance that claimed it, or last redelivered it.</param>
/// <param name="Attempts">Every attempt, oldest first.</param>
public sealed record WebhookDelivery(
    string Id,
    string Webhook,
    long Sequence,
    string EventKind,
    string Subject,
    WebhookDeliveryStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    string Instance,
    IReadOnlyList<WebhookAttempt> Attempts);
