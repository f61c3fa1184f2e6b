namespace Mlops.Pipelines.Webhooks;

/// <summary>A configured webhook and its shared state (the same on every instance of a fleet).</summary>
/// <param name="Name">The webhook's name.</param>
/// <param name="Url">Where it posts.</param>
/// <param name="EventKinds">The kinds it subscribes to.</param>
/// <param name="Enabled">Whether it delivers; a disabled webhook skips events (its cursor still advances).</param>
/// <param name="ConsecutiveFailures">Failed deliveries since the last success (or since it was enabled).</param>
/// <param name="LastError">What the last failed delivery's last attempt got, else <see langword="null"/>.</param>
/// <param name="DisabledAt">When it was disabled, else <see langword="null"/>.</param>
/// <param name="DisabledReason">Why it was disabled, else <see langword="null"/>.</param>
/// <param name="Cursor">The last journal sequence the dispatchers have passed (delivered, claimed or skipped).</param>
public sealed record WebhookStatus(
    string Name,
    Uri Url,
    IReadOnlyList<string> EventKinds,
    bool Enabled,
    int ConsecutiveFailures,
    string? LastError,
    DateTimeOffset? DisabledAt,
    string? DisabledReason,
    long Cursor);
