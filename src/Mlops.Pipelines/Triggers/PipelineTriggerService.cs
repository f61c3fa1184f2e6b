using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mlops.Storage;

namespace Mlops.Pipelines.Triggers;

/// <summary>
/// Runs every registered trigger of this instance: one loop per schedule, journal trigger and dataset trigger, plus the
/// lease check that takes over work whose instance died. Each unit of work is claimed in the store (a record created at
/// revision 0, with its <c>pipeline.triggered</c> journal entry in the same transaction): exactly one instance of a fleet
/// wins it and runs the registered pipeline; the others see the conflict and move on.
/// </summary>
internal sealed partial class PipelineTriggerService(
    IPipelineRunner runner,
    IGovernanceStore records,
    IJournalStore journal,
    TimeProvider time,
    PipelineTriggerOptions options,
    PipelineTriggerMonitor monitor,
    IEnumerable<TriggerDefinition> triggers,
    IEnumerable<PipelineRegistration> pipelines,
    ILogger<PipelineTriggerService> logger,
    IJournalChangeNotifier? notifier = null)
    : BackgroundService
{
    private readonly IReadOnlyList<TriggerDefinition> _triggers = [.. triggers];
    private readonly ConcurrentDictionary<string, Task> _running = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _executionsStop = new();

    private string Instance => options.InstanceName;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        TriggerValidation.Validate(_triggers, pipelines);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await base.StopAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Executions are cancelled with the host; each then releases its claim so that another instance resumes it at once.
            await _executionsStop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(_running.Values).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public override void Dispose()
    {
        _executionsStop.Dispose();
        base.Dispose();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var loops = _triggers.Select(trigger => trigger switch
        {
            ScheduleDefinition schedule => RunLoopAsync(schedule.Name, ct => ScheduleLoopAsync(schedule, ct), stoppingToken),
            JournalTriggerDefinition follower => RunLoopAsync(follower.Name, ct => JournalLoopAsync(follower, ct), stoppingToken),
            DatasetTriggerDefinition dataset => RunLoopAsync(dataset.Name, ct => DatasetLoopAsync(dataset, ct), stoppingToken),
            _ => throw new InvalidOperationException($"Unknown trigger type {trigger.GetType().Name}."),
        }).ToList();
        if (_triggers.Count > 0)
        {
            loops.Add(RunLoopAsync(null, LeaseLoopAsync, stoppingToken));
        }

        return Task.WhenAll(loops);
    }

    private async Task RunLoopAsync(string? trigger, Func<CancellationToken, Task> loop, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Yield();
            await loop(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host shutdown.
        }
        catch (Exception e)
        {
            TriggerLog.LoopStopped(logger, trigger ?? "(leases)", e);
            Report(PipelineTriggerEventType.Error, trigger, null, detail: e.Message);
            throw;
        }
    }

    /// <summary>Runs one round of a loop; a store outage or an unreadable file is logged and retried at the next round.</summary>
    private async Task GuardAsync(string? trigger, Func<CancellationToken, Task> round, CancellationToken cancellationToken)
    {
        try
        {
            await round(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            TriggerLog.RoundFailed(logger, trigger ?? "(leases)", e);
            Report(PipelineTriggerEventType.Error, trigger, null, detail: e.Message);
        }
    }

    /// <summary>Creates the wait before reporting it, so that a test advancing a fake clock on the report cannot miss it.</summary>
    private async Task WaitAsync(TimeSpan delay, PipelineTriggerEvent waiting, CancellationToken cancellationToken)
    {
        var wait = delay > TimeSpan.Zero ? Task.Delay(delay, time, cancellationToken) : Task.CompletedTask;
        monitor.Report(waiting);
        await wait.ConfigureAwait(false);
    }

    private PipelineTriggerEvent Event(PipelineTriggerEventType type, string? trigger, string? workId) =>
        new(type, trigger, workId, Instance, time.GetUtcNow());

    private void Report(PipelineTriggerEventType type, string? trigger, string? workId, string? runId = null, PipelineExecutionStatus? status = null, string? detail = null) =>
        monitor.Report(Event(type, trigger, workId) with { RunId = runId, Status = status, Detail = detail });
}
