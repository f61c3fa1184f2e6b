using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using Mlops.Journal;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Mlops.Pipelines.Webhooks;

/// <summary>The outcome of one delivery (all its attempts): success, or the last attempt's error.</summary>
internal readonly record struct WebhookSendResult(bool Succeeded, int Attempts, string? LastError);

/// <summary>
/// Posts a journal entry to a webhook: signed JSON over the named <see cref="HttpClient"/>, each attempt timed out and
/// reported, retried with exponential back-off on Polly (on 5xx, 408, 429, time-outs and network errors; never on other
/// 4xx or 3xx). Back-off waits run on the <see cref="TimeProvider"/>, so tests control them.
/// </summary>
internal sealed class WebhookSender(IHttpClientFactory clients, IOptionsMonitor<WebhookOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, ResiliencePipeline<HttpResponseMessage>> _pipelines = new(StringComparer.Ordinal);

    /// <summary>Sends <paramref name="entry"/> to <paramref name="webhook"/> with its retries; <paramref name="onAttempt"/> logs each attempt as it ends.</summary>
    public async Task<WebhookSendResult> SendAsync(
        string webhook, string deliveryId, JournalEntry entry, bool redelivery,
        Func<WebhookAttempt, CancellationToken, Task> onAttempt, CancellationToken cancellationToken)
    {
        var settings = options.Get(webhook);
        var body = WebhookBody.Create(webhook, deliveryId, entry);
        var client = clients.CreateClient(WebhookOptions.HttpClientName);
        var pipeline = _pipelines.GetOrAdd(webhook, _ => Build(settings));
        var attempts = 0;
        string? lastError = null;
        try
        {
            using var response = await pipeline.ExecuteAsync(
                async token =>
                {
                    attempts++;
                    var at = time.GetUtcNow();
                    var started = time.GetTimestamp();
                    using var request = Request(settings, webhook, deliveryId, entry.Kind, body, at);
                    try
                    {
                        var answer = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
                        var code = (int)answer.StatusCode;
                        lastError = answer.IsSuccessStatusCode ? null : string.Create(CultureInfo.InvariantCulture, $"HTTP {code} {answer.ReasonPhrase}");
                        await onAttempt(new WebhookAttempt(at, code, null, time.GetElapsedTime(started), redelivery), cancellationToken).ConfigureAwait(false);
                        return answer;
                    }
                    catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
                    {
                        lastError = e is OperationCanceledException
                            ? string.Create(CultureInfo.InvariantCulture, $"timed out after {settings.AttemptTimeout}")
                            : e.Message;
                        await onAttempt(new WebhookAttempt(at, null, lastError, time.GetElapsedTime(started), redelivery), cancellationToken).ConfigureAwait(false);
                        throw;
                    }
                },
                cancellationToken).ConfigureAwait(false);
            return new WebhookSendResult(response.IsSuccessStatusCode, attempts, lastError);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException)
        {
            return new WebhookSendResult(false, attempts, lastError ?? e.Message);
        }
    }

    private static HttpRequestMessage Request(WebhookOptions settings, string webhook, string deliveryId, string kind, byte[] body, DateTimeOffset at)
    {
        var timestamp = at.ToUnixTimeSeconds();
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        var request = new HttpRequestMessage(HttpMethod.Post, settings.Url) { Content = content };
        request.Headers.Add(WebhookSignature.DeliveryIdHeader, deliveryId);
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.EventHeader, kind);
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Compute(settings.Secret!, deliveryId, timestamp, body));
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("Mlops.Webhooks", "1"));
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("(" + webhook + ")"));
        return request;
    }

    private ResiliencePipeline<HttpResponseMessage> Build(WebhookOptions settings)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time };
        if (settings.MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = settings.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = false,
                Delay = settings.RetryDelay,
                MaxDelay = settings.MaxRetryDelay,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(r => IsTransient(r.StatusCode)),
                DelayGenerator = args => new ValueTask<TimeSpan?>(RetryAfter(args.Outcome.Result, settings.MaxRetryDelay)),
                OnRetry = args =>
                {
                    // The failed answer is logged already; free its connection before the back-off.
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            });
        }

        return builder.AddTimeout(settings.AttemptTimeout).Build();
    }

    private static bool IsTransient(HttpStatusCode code) =>
        (int)code >= 500 || code is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;

    /// <summary>The receiver's <c>Retry-After</c> (capped), or <see langword="null"/> for the exponential back-off.</summary>
    private TimeSpan? RetryAfter(HttpResponseMessage? response, TimeSpan cap)
    {
        var retryAfter = response?.Headers.RetryAfter;
        var delay = retryAfter?.Delta ?? (retryAfter?.Date is { } date ? date - time.GetUtcNow() : null);
        return delay is { } d ? TimeSpan.FromTicks(Math.Clamp(d.Ticks, 0, cap.Ticks)) : null;
    }
}
