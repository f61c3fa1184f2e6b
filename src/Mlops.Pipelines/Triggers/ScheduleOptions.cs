namespace Mlops.Pipelines.Triggers;

/// <summary>Options of one cron schedule.</summary>
public sealed class ScheduleOptions
{
    /// <summary>The time zone the cron expression is read in (daylight-saving changes follow Cronos' rules).</summary>
    /// <value>Default <see cref="TimeZoneInfo.Utc"/>.</value>
    public TimeZoneInfo TimeZone { get; set; } = TimeZoneInfo.Utc;

    /// <summary>
    /// Whether a tick may start while the previous tick's execution is still running somewhere in the fleet. When
    /// <see langword="false"/> such a tick is skipped (and reported), never queued.
    /// </summary>
    /// <value>Default <see langword="false"/>.</value>
    public bool AllowOverlap { get; set; }
}
