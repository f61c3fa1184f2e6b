using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Mlops.Pipelines.Tests.Webhooks;

/// <summary>A request the receiver got, with the status it answered.</summary>
public sealed record ReceivedRequest(int Number, string? DeliveryId, string? Timestamp, string? Event, string? Signature, string? ContentType, byte[] Body, int Answered);

/// <summary>
/// A real Kestrel endpoint on 127.0.0.1 with a free port. Every request is answered with <see cref="Answer"/> (given the
/// request's 1-based number) and then written to a channel the test reads, so tests wait on what arrived, never on time.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<ReceivedRequest> _received = Channel.CreateUnbounded<ReceivedRequest>();
    private int _count;

    private WebhookReceiver(WebApplication app) => _app = app;

    /// <summary>The status code for request number n (1-based); 200 by default. A negative code: never answer (until the sender gives up).</summary>
    public Func<int, int> Answer { get; set; } = _ => 200;

    public Uri Url { get; private set; } = null!;

    public int Count => Volatile.Read(ref _count);

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", receiver.HandleAsync);
        await app.StartAsync(TestContext.Current.CancellationToken);
        receiver.Url = new Uri(app.Urls.Single() + "/hook");
        return receiver;
    }

    /// <summary>The next request, waiting up to 30 seconds for it.</summary>
    public async Task<ReceivedRequest> NextAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        return await _received.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>The next request if one arrives within <paramref name="wait"/>, else null.</summary>
    public async Task<ReceivedRequest?> TryNextAsync(TimeSpan wait)
    {
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            return await _received.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var number = Interlocked.Increment(ref _count);
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var status = Answer(number);
        var headers = context.Request.Headers;
        var request = new ReceivedRequest(
            number, headers["X-Mlops-Delivery-Id"], headers["X-Mlops-Timestamp"], headers["X-Mlops-Event"], headers["X-Mlops-Signature"],
            context.Request.ContentType, body.ToArray(), status);
        _received.Writer.TryWrite(request);
        if (status < 0)
        {
            // Hold the request until the sender's attempt time-out aborts it.
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
            }

            return;
        }

        context.Response.StatusCode = status;
    }
}
