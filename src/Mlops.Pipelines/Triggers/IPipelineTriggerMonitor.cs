namespace Mlops.Pipelines.Triggers;

/// <summary>
/// What this instance's triggers did, in order: for dashboards, logs and tests that wait for a firing without sleeping.
/// Registered by the trigger methods of <c>PipelinesBuilder</c>.
/// </summary>
public interface IPipelineTriggerMonitor
{
    /// <summary>Every event so far, in order.</summary>
    IReadOnlyList<PipelineTriggerEvent> Events { get; }

    /// <summary>The first event, already recorded or still to come, that <paramref name="match"/> accepts.</summary>
    Task<PipelineTriggerEvent> WaitForAsync(Func<PipelineTriggerEvent, bool> match, CancellationToken cancellationToken = default);

    /// <summary>Every event reported from now on, in order, until <paramref name="cancellationToken"/> ends the enumeration.</summary>
    IAsyncEnumerable<PipelineTriggerEvent> WatchAsync(CancellationToken cancellationToken = default);
}
