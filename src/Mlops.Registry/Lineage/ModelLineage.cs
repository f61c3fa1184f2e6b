using Mlops.Tracking;

namespace Mlops.Registry;

/// <summary>What produced a model version: version → run → datasets → source commit.</summary>
/// <param name="Version">The version.</param>
/// <param name="Run">The run that produced it, or <see langword="null"/> for a file registered without a run.</param>
/// <param name="Datasets">The datasets the run consumed (with their content digests), empty without a run.</param>
/// <param name="GitCommit">The git commit the run's source was at (run tag <c>mlops.source.git.commit</c>), when recorded.</param>
/// <param name="GitDirty">Whether tracked files had uncommitted changes (run tag <c>mlops.source.git.dirty</c>), when recorded.</param>
public sealed record ModelLineage(ModelVersion Version, RunInfo? Run, IReadOnlyList<DatasetInput> Datasets, string? GitCommit, bool? GitDirty);
