namespace Mlops.Pipelines.Webhooks;

/// <summary>One attempt to deliver an event.</summary>
/// <param name="At">When the request was sent.</param>
/// <param name="StatusCode">The HTTP status code answered, or <see langword="null"/> when no answer came (see <paramref name="Error"/>).</param>
/// <param name="Error">Why the attempt failed without an answer (network error, timeout), else <see langword="null"/>.</param>
/// <param name="Duration">How long the attempt took until the response headers (or the error).</param>
/// <param name="Redelivery">Whether the attempt was made by <see cref="IWebhooks.RedeliverAsync"/>.</param>
public sealed record WebhookAttempt(DateTimeOffset At, int? StatusCode, string? Error, TimeSpan Duration, bool Redelivery);
