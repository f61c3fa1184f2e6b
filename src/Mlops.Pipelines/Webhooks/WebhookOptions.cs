namespace Mlops.Pipelines.Webhooks;

/// <summary>
/// One webhook: where journal events of the kinds it subscribes to are posted, and how. Shared by every instance of an
/// application (configure it in code or bind it from configuration); the secret comes from configuration or user
/// secrets and is never written to the store or the journal.
/// </summary>
public sealed class WebhookOptions
{
    /// <summary>The name of the named <see cref="System.Net.Http.HttpClient"/> every webhook posts with (configure it with <c>services.AddHttpClient(WebhookOptions.HttpClientName)</c>).</summary>
    public const string HttpClientName = "Mlops.Webhooks";

    /// <summary>The endpoint: an absolute <c>http</c> or <c>https</c> URL. Redirects are not followed (a 3xx answer is a failed attempt).</summary>
    /// <value>Default <see langword="null"/>: required.</value>
    public Uri? Url { get; set; }

    /// <summary>
    /// The HMAC-SHA256 key that signs every request (at least 16 characters, UTF-8). Receivers check it with
    /// <see cref="WebhookSignature.Verify"/>.
    /// </summary>
    /// <value>Default <see langword="null"/>: required.</value>
    public string? Secret { get; set; }

    /// <summary>
    /// The journal entry kinds delivered: an exact kind (<c>model.alias.set</c>), a prefix ending in <c>.*</c>
    /// (<c>serving.drift.*</c>), or <c>*</c> for every kind. A webhook never receives the entries about itself
    /// (subject <c>webhook/NAME</c>).
    /// </summary>
    /// <value>Default empty: at least one is required.</value>
    public IList<string> EventKinds { get; set; } = [];

    /// <summary>How many times one delivery is attempted in all (1 sends once without retries), between 1 and 20.</summary>
    /// <value>Default 5.</value>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>
    /// The wait before the first retry; each further retry waits twice as long (exponential back-off), capped by
    /// <see cref="MaxRetryDelay"/>. A 429 or 503 answer's <c>Retry-After</c> is honoured up to the cap. Between 0 and 1 hour.
    /// </summary>
    /// <value>Default 1 second (retries after 1, 2, 4, 8 seconds).</value>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two attempts, between 0 and 1 hour and not less than <see cref="RetryDelay"/>.</summary>
    /// <value>Default 1 minute.</value>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long one attempt may take (connect, send, response headers) before it counts as a timed-out, retried attempt; between 10 milliseconds and 10 minutes.</summary>
    /// <value>Default 10 seconds.</value>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// After this many consecutive failed deliveries (each having failed every attempt) the webhook is disabled and a
    /// <c>webhook.disabled</c> journal entry written; between 1 and 10000. A successful delivery resets the count.
    /// </summary>
    /// <value>Default 10.</value>
    public int DisableAfterFailures { get; set; } = 10;
}
