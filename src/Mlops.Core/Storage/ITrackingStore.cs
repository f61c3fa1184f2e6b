using Mlops.Journal;
using Mlops.Search;
using Mlops.Tracking;

namespace Mlops.Storage;

/// <summary>
/// The tracking part of the store contract. Every method validates its input before writing and writes in one
/// transaction: on any error nothing is written. Missing entities raise <see cref="MlopsNotFoundException"/>.
/// </summary>
public interface ITrackingStore
{
    /// <summary>
    /// Returns the experiment named <paramref name="name"/>, creating it (with <paramref name="experimentId"/> and the
    /// journal entry <paramref name="journal"/>) when absent. Race-free across threads and processes: concurrent callers get the same experiment.
    /// </summary>
    Task<Experiment> GetOrCreateExperimentAsync(string experimentId, string name, DateTimeOffset createdAt, string createdBy, JournalDraft journal, CancellationToken cancellationToken = default);

    /// <summary>Returns the experiment with the identifier, or <see langword="null"/>.</summary>
    Task<Experiment?> GetExperimentAsync(string experimentId, CancellationToken cancellationToken = default);

    /// <summary>Returns the experiment with the name, or <see langword="null"/>.</summary>
    Task<Experiment?> GetExperimentByNameAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Lists every experiment, ordered by name.</summary>
    Task<IReadOnlyList<Experiment>> ListExperimentsAsync(CancellationToken cancellationToken = default);

    /// <summary>Creates a run (status running) with its tags and appends <paramref name="journal"/> in the same transaction.</summary>
    Task CreateRunAsync(NewRun run, JournalDraft journal, CancellationToken cancellationToken = default);

    /// <summary>Returns a run with its data, or <see langword="null"/>.</summary>
    Task<Run?> GetRunAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Lists the direct child runs of a run, by start time.</summary>
    Task<IReadOnlyList<RunInfo>> GetChildRunsAsync(string parentRunId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Ends a running run with <paramref name="status"/> (not <see cref="RunStatus.Running"/>), its end time and error,
    /// and appends <paramref name="journal"/>. Ending a run that already ended is a <see cref="MlopsConflictException"/>.
    /// </summary>
    Task EndRunAsync(string runId, RunStatus status, DateTimeOffset endTime, string? error, JournalDraft journal, CancellationToken cancellationToken = default);

    /// <summary>
    /// Logs parameters, all or none. A key already logged with the same value is fine; with a different value it is a
    /// <see cref="MlopsConflictException"/> naming the key and both values, and nothing is written.
    /// </summary>
    Task LogParamsAsync(string runId, IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken = default);

    /// <summary>Sets (inserts or replaces) tags, all or none.</summary>
    Task SetTagsAsync(string runId, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default);

    /// <summary>Deletes a tag; deleting an absent tag is a no-op.</summary>
    Task DeleteTagAsync(string runId, string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends metric points in one transaction and updates each key's latest value. Every point's run must exist,
    /// else <see cref="MlopsNotFoundException"/> and nothing is written. NaN and infinities round-trip.
    /// </summary>
    Task AppendMetricsAsync(ReadOnlyMemory<MetricPoint> points, CancellationToken cancellationToken = default);

    /// <summary>Returns every point of a metric in step, then timestamp, then insertion order.</summary>
    Task<IReadOnlyList<Metric>> GetMetricHistoryAsync(string runId, string key, CancellationToken cancellationToken = default);

    /// <summary>Records a dataset input of a run; the same digest and context twice is a no-op.</summary>
    Task LogDatasetInputAsync(string runId, DatasetInput input, CancellationToken cancellationToken = default);

    /// <summary>Returns the runs that consumed a dataset with the digest, by start time.</summary>
    Task<IReadOnlyList<RunInfo>> FindRunsByDatasetDigestAsync(string digest, CancellationToken cancellationToken = default);

    /// <summary>Maps a logical artifact path under a run to stored bytes, replacing an earlier mapping of the same path.</summary>
    Task AddRunArtifactAsync(string runId, RunArtifact artifact, CancellationToken cancellationToken = default);

    /// <summary>Lists a run's artifacts whose path starts with <paramref name="pathPrefix"/> (all when null), ordered by path.</summary>
    Task<IReadOnlyList<RunArtifact>> ListRunArtifactsAsync(string runId, string? pathPrefix = null, CancellationToken cancellationToken = default);

    /// <summary>Searches runs with a parsed filter and ordering; see <see cref="RunSearchRequest"/>.</summary>
    Task<RunSearchPage> SearchRunsAsync(RunSearchRequest request, CancellationToken cancellationToken = default);
}
