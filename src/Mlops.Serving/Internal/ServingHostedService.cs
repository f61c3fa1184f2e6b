using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mlops.Serving.Telemetry;
using Mlops.Storage;

namespace Mlops.Serving.Internal;

/// <summary>
/// Loads every served model at start (without failing the host: a model that cannot load leaves health unhealthy and is
/// retried), then follows the journal every poll interval and evaluates online drift on its own interval. When the store
/// registers an <see cref="IJournalChangeNotifier"/> (PostgreSQL), a change committed by any process wakes the follower
/// at once; the poll interval then only bounds the wait, and polling stays the fallback.
/// </summary>
internal sealed class ServingHostedService(
    ModelServer server, ServingOptions options, TimeSpan driftInterval, TimeProvider time, ILogger<ServingHostedService> logger,
    IJournalChangeNotifier? notifier = null)
    : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await GuardAsync(server.SyncAsync, cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        // Swap entries still being written are the audit trail of what served: let them land while shutdown allows.
        await GuardAsync(server.WaitForAuditAsync, cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var nextDrift = time.GetUtcNow() + driftInterval;
        try
        {
            if (notifier is null)
            {
                using var timer = new PeriodicTimer(options.PollInterval, time);
                while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
                {
                    nextDrift = await RoundAsync(nextDrift, stoppingToken).ConfigureAwait(false);
                }
            }
            else
            {
                while (!stoppingToken.IsCancellationRequested)
                {
                    if (!await WaitForChangeAsync(notifier, stoppingToken).ConfigureAwait(false))
                    {
                        // The notifier failed outright: wait a plain poll interval, so a broken notifier never spins the loop.
                        await Task.Delay(options.PollInterval, time, stoppingToken).ConfigureAwait(false);
                    }

                    nextDrift = await RoundAsync(nextDrift, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host shutdown.
        }
    }

    /// <summary>One journal sync, then drift when it is due; returns when drift is next due.</summary>
    private async Task<DateTimeOffset> RoundAsync(DateTimeOffset nextDrift, CancellationToken stoppingToken)
    {
        var synced = await GuardAsync(server.FollowAsync, stoppingToken).ConfigureAwait(false);
        if (!synced && notifier is not null)
        {
            // The position did not move, so the notifier would wake the loop again at once: let the store rest a poll interval.
            await Task.Delay(options.PollInterval, time, stoppingToken).ConfigureAwait(false);
        }

        if (time.GetUtcNow() >= nextDrift)
        {
            nextDrift = time.GetUtcNow() + driftInterval;
            await GuardAsync(server.EvaluateDriftAsync, stoppingToken).ConfigureAwait(false);
        }

        return nextDrift;
    }

    /// <summary>Waits for a journal change, at most one poll interval; false only when the notifier itself failed.</summary>
    private async Task<bool> WaitForChangeAsync(IJournalChangeNotifier changes, CancellationToken stoppingToken)
    {
        try
        {
            await changes.WaitForChangeAsync(server.Position, options.PollInterval, stoppingToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            ServingLog.FollowFailed(logger, e);
            return false;
        }
    }

    /// <summary>Runs one round; a store outage is logged and retried at the next tick instead of stopping the loop.</summary>
    private async Task<bool> GuardAsync(Func<CancellationToken, Task> round, CancellationToken cancellationToken)
    {
        try
        {
            await round(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            ServingLog.FollowFailed(logger, e);
            return false;
        }
    }
}
