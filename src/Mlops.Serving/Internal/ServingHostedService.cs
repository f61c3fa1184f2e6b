using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mlops.Serving.Telemetry;

namespace Mlops.Serving.Internal;

/// <summary>
/// Loads every served model at start (without failing the host: a model that cannot load leaves health unhealthy and is
/// retried), then follows the journal every poll interval and evaluates online drift on its own interval.
/// </summary>
internal sealed class ServingHostedService(ModelServer server, ServingOptions options, TimeSpan driftInterval, TimeProvider time, ILogger<ServingHostedService> logger)
    : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await GuardAsync(server.SyncAsync, cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.PollInterval, time);
        var nextDrift = time.GetUtcNow() + driftInterval;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await GuardAsync(server.SyncAsync, stoppingToken).ConfigureAwait(false);
                if (time.GetUtcNow() >= nextDrift)
                {
                    nextDrift = time.GetUtcNow() + driftInterval;
                    await GuardAsync(server.EvaluateDriftAsync, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host shutdown.
        }
    }

    /// <summary>Runs one round; a store outage is logged and retried at the next tick instead of stopping the loop.</summary>
    private async Task GuardAsync(Func<CancellationToken, Task> round, CancellationToken cancellationToken)
    {
        try
        {
            await round(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            ServingLog.FollowFailed(logger, e);
        }
    }
}
