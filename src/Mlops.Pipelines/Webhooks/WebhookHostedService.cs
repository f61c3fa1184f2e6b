using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mlops.Storage;

namespace Mlops.Pipelines.Webhooks;

/// <summary>
/// Runs one journal follower per webhook, so a slow or failing endpoint never delays the others. Each follower reads
/// after its cursor, then waits for the store's <see cref="IJournalChangeNotifier"/> (when registered) or one poll
/// interval on the <see cref="TimeProvider"/>. A store outage is logged and retried at the next poll.
/// </summary>
internal sealed class WebhookHostedService(
    IEnumerable<WebhookRegistration> webhooks,
    WebhookDispatcher dispatcher,
    IOptions<WebhookDispatcherOptions> options,
    TimeProvider time,
    ILogger<WebhookHostedService> logger,
    IJournalChangeNotifier? notifier = null)
    : BackgroundService
{
    private readonly TimeSpan _pollInterval = options.Value.PollInterval;
    private readonly Dictionary<string, long> _positions = new(StringComparer.Ordinal);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Cursors are created before the host reports started, so "new events only" means events after start-up.
        foreach (var webhook in webhooks)
        {
            try
            {
                _positions[webhook.Name] = await dispatcher.EnsureCursorAsync(webhook.Name, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                WebhookLog.FollowFailed(logger, e, webhook.Name);
            }
        }

        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(webhooks.Select(w => FollowAsync(w.Name, _positions.GetValueOrDefault(w.Name), stoppingToken)));

    private async Task FollowAsync(string webhook, long position, CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var before = position;
                try
                {
                    position = await dispatcher.RoundAsync(webhook, position, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    WebhookLog.FollowFailed(logger, e, webhook);
                    await Task.Delay(_pollInterval, time, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                if (position == before)
                {
                    await WaitAsync(webhook, position, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host shutdown.
        }
    }

    private async Task WaitAsync(string webhook, long position, CancellationToken stoppingToken)
    {
        if (notifier is not null)
        {
            try
            {
                await notifier.WaitForChangeAsync(position, _pollInterval, stoppingToken).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A broken notifier must not spin the loop: fall back to one plain poll interval.
                WebhookLog.FollowFailed(logger, e, webhook);
            }
        }

        await Task.Delay(_pollInterval, time, stoppingToken).ConfigureAwait(false);
    }
}
