namespace Mlops.Pipelines.Triggers;

/// <summary>Something the triggers of this instance did; see <see cref="IPipelineTriggerMonitor"/>.</summary>
/// <param name="Type">What happened.</param>
/// <param name="Trigger">The trigger's name; <see langword="null"/> for the lease check.</param>
/// <param name="WorkId">The unit of work (the claim's id), when there is one.</param>
/// <param name="Instance">This instance's name.</param>
/// <param name="At">When, on the instance's <see cref="TimeProvider"/>.</param>
public sealed record PipelineTriggerEvent(PipelineTriggerEventType Type, string? Trigger, string? WorkId, string Instance, DateTimeOffset At)
{
    /// <summary>For <see cref="PipelineTriggerEventType.Waiting"/> of a schedule: the tick it waits for.</summary>
    public DateTimeOffset? NextDue { get; init; }

    /// <summary>For a journal trigger's <see cref="PipelineTriggerEventType.Waiting"/>: the last sequence it has read.</summary>
    public long? Position { get; init; }

    /// <summary>The execution run, once known.</summary>
    public string? RunId { get; init; }

    /// <summary>For <see cref="PipelineTriggerEventType.Completed"/>: how the execution ended.</summary>
    public PipelineExecutionStatus? Status { get; init; }

    /// <summary>An error message or a reason.</summary>
    public string? Detail { get; init; }
}

/// <summary>The kinds of <see cref="PipelineTriggerEvent"/>.</summary>
public enum PipelineTriggerEventType
{
    /// <summary>A trigger loop is about to wait (for a tick, a journal change, the next file check, the next lease check).</summary>
    Waiting,

    /// <summary>This instance claimed a unit of work and starts its pipeline.</summary>
    Claimed,

    /// <summary>Another instance had already claimed the unit of work: nothing to do here.</summary>
    ClaimedElsewhere,

    /// <summary>A tick was not started because the previous tick's execution is still running.</summary>
    Skipped,

    /// <summary>This instance took over a claim whose lease ran out and resumes (or restarts) its execution.</summary>
    TakenOver,

    /// <summary>The execution this instance ran ended (see <see cref="PipelineTriggerEvent.Status"/>).</summary>
    Completed,

    /// <summary>The execution threw, or the pipeline could not be started.</summary>
    Failed,

    /// <summary>This instance lost its claim to a takeover while running, or stopped and released it.</summary>
    Released,

    /// <summary>A round failed (a store outage, a file that cannot be read); the loop retries at its next round.</summary>
    Error,
}
