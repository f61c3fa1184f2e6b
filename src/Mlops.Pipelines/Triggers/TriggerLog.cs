using Microsoft.Extensions.Logging;

namespace Mlops.Pipelines.Triggers;

/// <summary>Source-generated logs of the triggers.</summary>
internal static partial class TriggerLog
{
    [LoggerMessage(EventId = 9101, Level = LogLevel.Information, Message = "Trigger {Trigger} claimed {WorkId} on instance {Instance}: starting pipeline {Pipeline}.")]
    public static partial void Claimed(ILogger logger, string trigger, string workId, string pipeline, string instance);

    [LoggerMessage(EventId = 9102, Level = LogLevel.Debug, Message = "Trigger {Trigger}: {WorkId} was claimed by another instance.")]
    public static partial void ClaimedElsewhere(ILogger logger, string trigger, string workId);

    [LoggerMessage(EventId = 9103, Level = LogLevel.Information, Message = "Trigger {Trigger}: {WorkId} ran pipeline {Pipeline} as execution {RunId}: {Status}.")]
    public static partial void Completed(ILogger logger, string trigger, string workId, string pipeline, string runId, PipelineExecutionStatus status);

    [LoggerMessage(EventId = 9104, Level = LogLevel.Error, Message = "Trigger {Trigger}: {WorkId} could not run pipeline {Pipeline}.")]
    public static partial void ExecutionFailed(ILogger logger, string trigger, string workId, string pipeline, Exception exception);

    [LoggerMessage(EventId = 9105, Level = LogLevel.Warning, Message = "Trigger {Trigger}: {WorkId} was taken over from instance {Previous} (lease ran out) by {Instance}; execution {RunId} is resumed (none recorded: started again).")]
    public static partial void TakenOver(ILogger logger, string trigger, string workId, string previous, string instance, string? runId);

    [LoggerMessage(EventId = 9106, Level = LogLevel.Warning, Message = "Trigger {Trigger}: instance {Instance} lost {WorkId} to a takeover and cancelled its execution.")]
    public static partial void LeaseLost(ILogger logger, string trigger, string workId, string instance);

    [LoggerMessage(EventId = 9107, Level = LogLevel.Information, Message = "Trigger {Trigger}: instance {Instance} stopped during {WorkId} and released it for another instance.")]
    public static partial void Released(ILogger logger, string trigger, string workId, string instance);

    [LoggerMessage(EventId = 9108, Level = LogLevel.Information, Message = "Schedule {Trigger}: tick {Tick} skipped, {Previous} is still running.")]
    public static partial void TickSkipped(ILogger logger, string trigger, string tick, string previous);

    [LoggerMessage(EventId = 9109, Level = LogLevel.Warning, Message = "Trigger {Trigger}: a round failed and is retried at the next one.")]
    public static partial void RoundFailed(ILogger logger, string trigger, Exception exception);

    [LoggerMessage(EventId = 9110, Level = LogLevel.Error, Message = "Trigger {Trigger} stopped.")]
    public static partial void LoopStopped(ILogger logger, string trigger, Exception exception);

    [LoggerMessage(EventId = 9111, Level = LogLevel.Warning, Message = "Journal trigger {Trigger}: its predicate threw on entry {Sequence}; the entry is not a match.")]
    public static partial void PredicateFailed(ILogger logger, string trigger, long sequence, Exception exception);

    [LoggerMessage(EventId = 9112, Level = LogLevel.Information, Message = "Schedule {Trigger} ({Cron}) has no further occurrence.")]
    public static partial void ScheduleEnded(ILogger logger, string trigger, string cron);
}
