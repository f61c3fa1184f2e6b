namespace Mlops.Tracking;

/// <summary>What a store needs to create a run. The caller assigns the identifier.</summary>
/// <param name="RunId">The new run's identifier.</param>
/// <param name="ExperimentId">The experiment (must exist).</param>
/// <param name="RunName">The run name.</param>
/// <param name="ParentRunId">The parent run (must exist, same experiment), or <see langword="null"/>.</param>
/// <param name="StartTime">The start time.</param>
/// <param name="User">The actor starting the run.</param>
/// <param name="Tags">Tags to set at creation, in the same transaction.</param>
public sealed record NewRun(
    string RunId,
    string ExperimentId,
    string RunName,
    string? ParentRunId,
    DateTimeOffset StartTime,
    string User,
    IReadOnlyDictionary<string, string> Tags);
