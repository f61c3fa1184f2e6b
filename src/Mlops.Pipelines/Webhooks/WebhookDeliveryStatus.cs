namespace Mlops.Pipelines.Webhooks;

/// <summary>Where a delivery stands.</summary>
public enum WebhookDeliveryStatus
{
    /// <summary>Claimed by an instance and being attempted (or the instance died while attempting it).</summary>
    Pending,

    /// <summary>An attempt got a 2xx answer.</summary>
    Succeeded,

    /// <summary>Every attempt failed; counts towards disabling the webhook.</summary>
    Failed,

    /// <summary>The instance stopped before the delivery finished; <see cref="IWebhooks.RedeliverAsync"/> sends it.</summary>
    Interrupted,
}
