using Microsoft.Extensions.Logging;

namespace Mlops.Pipelines.Webhooks;

/// <summary>Source-generated log messages of webhooks.</summary>
internal static partial class WebhookLog
{
    [LoggerMessage(1, LogLevel.Debug, "Webhook {Webhook}: delivered {DeliveryId} ({Kind}) after {Attempts} attempt(s).")]
    public static partial void Delivered(ILogger logger, string webhook, string deliveryId, string kind, int attempts);

    [LoggerMessage(2, LogLevel.Warning, "Webhook {Webhook}: delivery {DeliveryId} ({Kind}) failed after {Attempts} attempt(s): {Error}.")]
    public static partial void DeliveryFailed(ILogger logger, string webhook, string deliveryId, string kind, int attempts, string error);

    [LoggerMessage(3, LogLevel.Error, "Webhook {Webhook}: disabled after {Failures} consecutive failed deliveries; enable it again with IWebhooks.EnableAsync.")]
    public static partial void Disabled(ILogger logger, string webhook, int failures);

    [LoggerMessage(4, LogLevel.Error, "Webhook {Webhook}: following the journal failed; will retry at the next poll.")]
    public static partial void FollowFailed(ILogger logger, Exception error, string webhook);

    [LoggerMessage(5, LogLevel.Information, "Webhook {Webhook}: starts at journal sequence {Sequence} (entries after it are delivered).")]
    public static partial void CursorCreated(ILogger logger, string webhook, long sequence);

    [LoggerMessage(6, LogLevel.Warning, "Webhook {Webhook}: delivery {DeliveryId} was interrupted by shutdown; redeliver it with IWebhooks.RedeliverAsync.")]
    public static partial void Interrupted(ILogger logger, string webhook, string deliveryId);
}
