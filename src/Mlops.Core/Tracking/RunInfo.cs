namespace Mlops.Tracking;

/// <summary>The attributes of a run: identity, place in the experiment tree, lifecycle.</summary>
/// <param name="RunId">The run identifier (32 lowercase hex characters).</param>
/// <param name="ExperimentId">The experiment the run belongs to.</param>
/// <param name="RunName">A human-readable name.</param>
/// <param name="ParentRunId">The parent run for a nested run, else <see langword="null"/>.</param>
/// <param name="Status">The lifecycle state.</param>
/// <param name="StartTime">When the run started.</param>
/// <param name="EndTime">When the run ended, or <see langword="null"/> while running.</param>
/// <param name="User">The actor who started the run.</param>
/// <param name="Error">The recorded error of a failed run, else <see langword="null"/>.</param>
public sealed record RunInfo(
    string RunId,
    string ExperimentId,
    string RunName,
    string? ParentRunId,
    RunStatus Status,
    DateTimeOffset StartTime,
    DateTimeOffset? EndTime,
    string User,
    string? Error);
