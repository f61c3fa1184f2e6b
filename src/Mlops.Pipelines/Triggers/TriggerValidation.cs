using System.Globalization;
using Microsoft.Extensions.DependencyInjection;

namespace Mlops.Pipelines.Triggers;

/// <summary>Checks every trigger at start: names, cron expressions, intervals, and that each pipeline is registered.</summary>
internal static class TriggerValidation
{
    public static void Validate(IReadOnlyList<TriggerDefinition> triggers, IEnumerable<PipelineRegistration> pipelines)
    {
        var registered = pipelines.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var trigger in triggers)
        {
            PipelineNames.ValidateName("trigger name", trigger.Name);
            if (!seen.Add(trigger.Name))
            {
                throw new MlopsValidationException("trigger name", trigger.Name, "trigger names are unique across schedules, journal and dataset triggers; this one is registered twice.");
            }

            if (!registered.Contains(trigger.PipelineName))
            {
                var known = registered.Count == 0 ? "none is registered" : "registered: " + string.Join(", ", registered.Order(StringComparer.Ordinal));
                throw new MlopsValidationException("pipeline name", trigger.PipelineName,
                    $"trigger '{trigger.Name}' starts a pipeline registered with PipelinesBuilder.AddPipeline ({known}).");
            }

            switch (trigger)
            {
                case ScheduleDefinition schedule:
                    schedule.Parse();
                    break;
                case DatasetTriggerDefinition dataset when dataset.Interval <= TimeSpan.Zero:
                    throw new MlopsValidationException("dataset check interval", dataset.Interval.ToString("c", CultureInfo.InvariantCulture), $"dataset trigger '{dataset.Name}' checks its file at a positive interval.");
                case JournalTriggerDefinition journal when journal.Kinds.Count == 0:
                    throw new MlopsValidationException("journal kinds", "", $"journal trigger '{journal.Name}' names at least one entry kind.");
            }
        }
    }
}
