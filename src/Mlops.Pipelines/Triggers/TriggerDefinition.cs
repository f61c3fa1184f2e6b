using Cronos;
using Mlops.Journal;

namespace Mlops.Pipelines.Triggers;

/// <summary>A trigger as registered: its name, the registered pipeline it starts, and what makes it fire.</summary>
internal abstract record TriggerDefinition(string Name, string PipelineName)
{
    /// <summary>One of <see cref="PipelineTriggerKinds"/>.</summary>
    public abstract string Kind { get; }
}

/// <summary>A cron schedule; <see cref="Cron"/> is parsed at start (<see cref="TriggerValidation"/>).</summary>
internal sealed record ScheduleDefinition(string Name, string PipelineName, string Cron, ScheduleOptions Options) : TriggerDefinition(Name, PipelineName)
{
    public override string Kind => PipelineTriggerKinds.Schedule;

    /// <summary>Five fields (minute precision), or six with seconds first; macros such as <c>@daily</c> are five-field.</summary>
    public CronExpression Parse()
    {
        var fields = Cron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        var format = fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard;
        if (fields is not (5 or 6) && !(fields == 1 && Cron.TrimStart().StartsWith('@')))
        {
            throw new MlopsValidationException("cron expression", Cron,
                $"schedule '{Name}' needs 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first, or a macro such as @daily; it has {fields}.");
        }

        try
        {
            return CronExpression.Parse(Cron.Trim(), format);
        }
        catch (CronFormatException e)
        {
            throw new MlopsValidationException("cron expression", Cron, $"schedule '{Name}' does not parse: {e.Message}");
        }
    }
}

/// <summary>Fires on journal entries of <see cref="Kinds"/> that <see cref="Predicate"/> accepts.</summary>
internal sealed record JournalTriggerDefinition(string Name, string PipelineName, IReadOnlySet<string> Kinds, Func<JournalEntry, bool> Predicate) : TriggerDefinition(Name, PipelineName)
{
    public override string Kind => PipelineTriggerKinds.JournalEvent;
}

/// <summary>Fires once per new SHA-256 of the file at <see cref="Path"/>, checked every <see cref="Interval"/>.</summary>
internal sealed record DatasetTriggerDefinition(string Name, string PipelineName, string Path, TimeSpan Interval) : TriggerDefinition(Name, PipelineName)
{
    public override string Kind => PipelineTriggerKinds.Dataset;
}
