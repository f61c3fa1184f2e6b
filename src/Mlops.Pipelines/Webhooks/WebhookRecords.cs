using System.Text.Json.Serialization;

namespace Mlops.Pipelines.Webhooks;

/// <summary>The governance record kinds webhooks keep: data records (no journal entry) except state changes that enable or disable.</summary>
internal static class WebhookRecordKinds
{
    /// <summary>Whether a webhook is enabled and its failure count (id: the webhook's name).</summary>
    public const string State = "webhook-state";

    /// <summary>The last journal sequence the webhook's followers have passed (id: the webhook's name).</summary>
    public const string Cursor = "webhook-cursor";

    /// <summary>A delivery log entry (id: the delivery id, <c>WEBHOOK/SEQUENCE</c>); creating it claims the delivery.</summary>
    public const string Delivery = "webhook-delivery";
}

/// <summary>A webhook's shared state; no record means enabled with no failures. Holds no URL or secret (either may be sensitive).</summary>
internal sealed record WebhookStateDocument(
    bool Enabled = true,
    int ConsecutiveFailures = 0,
    string? LastError = null,
    DateTimeOffset? DisabledAt = null,
    string? DisabledReason = null);

/// <summary>A webhook's position in the journal.</summary>
internal sealed record WebhookCursorDocument(long Sequence);

/// <summary>Source-generated JSON of the webhook records.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(WebhookStateDocument))]
[JsonSerializable(typeof(WebhookCursorDocument))]
[JsonSerializable(typeof(WebhookDelivery))]
internal sealed partial class WebhookJsonContext : JsonSerializerContext;
