using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Mlops.Governance;

/// <summary>Purges expired inference records at start and then every <see cref="InferenceRecordOptions.PurgeInterval"/> (daily).</summary>
internal sealed class InferenceRecordPurgeService(InferenceRecorder recorder, InferenceRecordOptions options, TimeProvider time, ILogger logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await PurgeAsync(stoppingToken).ConfigureAwait(false);
            using var timer = new PeriodicTimer(options.PurgeInterval, time);
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await PurgeAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host shutdown.
        }
    }

    /// <summary>One purge; a store outage is logged and retried at the next interval instead of stopping the job.</summary>
    private async Task PurgeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await recorder.PurgeExpiredAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException && e is not OutOfMemoryException)
        {
            InferenceRecordLog.JobFailed(logger, e, "purge");
        }
    }
}
