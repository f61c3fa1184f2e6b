using System.Globalization;

namespace Mlops.Pipelines.Triggers;

internal sealed partial class PipelineTriggerService
{
    /// <summary>
    /// Fires each tick of a schedule. The next tick is computed after the last one (not after "now"), so a tick whose time
    /// has come while the loop was busy still fires, late; ticks that fell due before this instance started are not fired.
    /// </summary>
    private async Task ScheduleLoopAsync(ScheduleDefinition schedule, CancellationToken stoppingToken)
    {
        var cron = schedule.Parse();
        var last = time.GetUtcNow();
        string? previous = null;
        while (cron.GetNextOccurrence(last, schedule.Options.TimeZone) is { } tick)
        {
            await WaitAsync(tick - time.GetUtcNow(), Event(PipelineTriggerEventType.Waiting, schedule.Name, null) with { NextDue = tick }, stoppingToken).ConfigureAwait(false);
            while (time.GetUtcNow() < tick)
            {
                // A timer may fire a little early on some clocks: a tick never fires before its time.
                await Task.Delay(tick - time.GetUtcNow(), time, stoppingToken).ConfigureAwait(false);
            }

            last = tick;
            await GuardAsync(schedule.Name, async ct => previous = await FireTickAsync(schedule, tick, previous, ct).ConfigureAwait(false) ?? previous, stoppingToken).ConfigureAwait(false);
        }

        TriggerLog.ScheduleEnded(logger, schedule.Name, schedule.Cron);
    }

    /// <summary>Claims one tick unless the previous tick's execution is still running; returns the tick's work id, or null when skipped.</summary>
    private async Task<string?> FireTickAsync(ScheduleDefinition schedule, DateTimeOffset tick, string? previous, CancellationToken cancellationToken)
    {
        var utc = tick.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var workId = $"schedule/{schedule.Name}/{utc}";
        if (!schedule.Options.AllowOverlap && previous is not null
            && await records.GetGovernanceRecordAsync(PipelineTriggerRecordKinds.Claim, previous, cancellationToken).ConfigureAwait(false) is { } record
            && ClaimDocument.Parse(record.Json) is { Status: ClaimStatus.Running } running
            && running.LeaseUntil > time.GetUtcNow())
        {
            TriggerLog.TickSkipped(logger, schedule.Name, utc, previous);
            Report(PipelineTriggerEventType.Skipped, schedule.Name, workId, detail: $"{previous} is still running on {running.Instance}");
            return null;
        }

        var work = new ClaimDocument
        {
            Trigger = schedule.Name,
            Kind = schedule.Kind,
            Pipeline = schedule.PipelineName,
            Description = $"cron {schedule.Cron} tick {utc}",
            ScheduledTime = tick.ToUniversalTime(),
            Instance = Instance,
            LeaseUntil = tick,
            Status = ClaimStatus.Running,
        };
        await FireAsync(schedule, workId, work, null, cancellationToken).ConfigureAwait(false);
        return workId;
    }
}
