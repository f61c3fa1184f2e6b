using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Mlops.Governance;

/// <summary>
/// Drains the inference record buffer into the store: when records arrive it lets a partial batch fill for
/// <see cref="InferenceRecordOptions.FlushInterval"/>, then writes everything buffered in batches. Flushes once more at shutdown.
/// </summary>
internal sealed class InferenceRecordWriterService(InferenceRecorder recorder, InferenceRecordOptions options, TimeProvider time, ILogger logger)
    : BackgroundService
{
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await recorder.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            InferenceRecordLog.JobFailed(logger, e, "final flush");
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await recorder.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                if (recorder.Queued < options.BatchSize)
                {
                    await Task.Delay(options.FlushInterval, time, stoppingToken).ConfigureAwait(false);
                }

                await recorder.FlushAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host shutdown: StopAsync flushes what is left.
        }
    }
}
