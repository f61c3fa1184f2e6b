using Mlops.Tracking;

namespace Mlops.Cli.Output;

/// <summary>The --json shape of a run (documented in docs/cli.md).</summary>
internal sealed record RunJson(
    string RunId,
    string RunName,
    string Experiment,
    string Status,
    DateTimeOffset StartTime,
    DateTimeOffset? EndTime,
    string User,
    string? ParentRunId,
    string? Error,
    IReadOnlyDictionary<string, string> Params,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyDictionary<string, string> Tags)
{
    public static RunJson From(Run run, IReadOnlyDictionary<string, string> experimentNames) => new(
        run.RunId,
        run.Info.RunName,
        experimentNames.GetValueOrDefault(run.Info.ExperimentId, run.Info.ExperimentId),
        run.Info.Status.ToString(),
        run.Info.StartTime,
        run.Info.EndTime,
        run.Info.User,
        run.Info.ParentRunId,
        run.Info.Error,
        Sorted(run.Params),
        new SortedDictionary<string, double>(run.LatestMetrics.ToDictionary(m => m.Key, m => m.Value.Value, StringComparer.Ordinal), StringComparer.Ordinal),
        Sorted(run.Tags));

    private static SortedDictionary<string, string> Sorted(IReadOnlyDictionary<string, string> values) =>
        new(values.ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal), StringComparer.Ordinal);
}
