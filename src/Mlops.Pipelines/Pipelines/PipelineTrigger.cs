using Mlops.Journal;

namespace Mlops.Pipelines;

/// <summary>What started a pipeline execution; recorded as tags of the execution run.</summary>
/// <param name="Kind">One of <see cref="PipelineTriggerKinds"/>.</param>
/// <param name="Name">The trigger's name (a schedule, an event trigger), or the actor for a manual start.</param>
/// <param name="Description">One line for people, such as <c>cron 0 2 * * * tick 2026-11-28T02:00:00Z</c>.</param>
public sealed record PipelineTrigger(string Kind, string Name, string Description)
{
    /// <summary>The scheduled time of the tick that fired (schedules).</summary>
    public DateTimeOffset? ScheduledTime { get; init; }

    /// <summary>The journal entry that fired the trigger (journal-event triggers).</summary>
    public JournalEntry? JournalEntry { get; init; }

    /// <summary>The content digest that fired the trigger (dataset triggers).</summary>
    public string? DatasetDigest { get; init; }

    /// <summary>A start by code or by a person.</summary>
    public static PipelineTrigger Manual(string actor) => new(PipelineTriggerKinds.Manual, actor, $"started by {actor}");
}

/// <summary>The kinds of <see cref="PipelineTrigger"/>.</summary>
public static class PipelineTriggerKinds
{
    /// <summary>Started by code or a person.</summary>
    public const string Manual = "manual";

    /// <summary>A cron schedule's tick.</summary>
    public const string Schedule = "schedule";

    /// <summary>A journal entry (drift detected, a version registered, an approval given...).</summary>
    public const string JournalEvent = "journal";

    /// <summary>A dataset whose content digest changed.</summary>
    public const string Dataset = "dataset";
}
