using Mlops.Search;

namespace Mlops.Tracking;

/// <summary>
/// The door to experiment tracking: experiments, runs (through <see cref="RunScope"/>), metric history, artifacts and search.
/// Registered by <c>AddTracking()</c>; safe to use from many threads.
/// </summary>
public interface IExperimentTracker
{
    /// <summary>Returns the experiment with the name, creating it if absent (race-free across threads and processes).</summary>
    Task<Experiment> GetOrCreateExperimentAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Lists every experiment by name.</summary>
    Task<IReadOnlyList<Experiment>> ListExperimentsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts a run in the named experiment (created if absent) and returns its scope. Disposing the scope flushes its
    /// metrics and ends the run: <see cref="RunStatus.Finished"/>, or <see cref="RunStatus.Failed"/> after <see cref="RunScope.MarkFailed"/>.
    /// </summary>
    Task<RunScope> StartRunAsync(string experimentName, RunOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Returns a scope over an existing run that is still running, e.g. to keep logging from another process.</summary>
    Task<RunScope> ResumeRunAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs <paramref name="body"/> inside a new run. The run ends finished when the body completes, killed when it is
    /// cancelled, and failed with the error recorded when it throws (the exception is rethrown).
    /// </summary>
    Task<TResult> RunAsync<TResult>(string experimentName, Func<RunScope, Task<TResult>> body, RunOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Returns a run with its params, tags, latest metrics and inputs; <see cref="MlopsNotFoundException"/> if absent.</summary>
    Task<Run> GetRunAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Lists the direct child runs of a run.</summary>
    Task<IReadOnlyList<RunInfo>> GetChildRunsAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Returns every point of a metric, by step then timestamp. Call <see cref="FlushAsync"/> first to see points just logged.</summary>
    Task<IReadOnlyList<Metric>> GetMetricHistoryAsync(string runId, string key, CancellationToken cancellationToken = default);

    /// <summary>Searches runs with the filter language (<c>metrics.acc &gt; 0.9 AND (params.model = 'sdca' OR tags.team ILIKE 'ml%')</c>).</summary>
    Task<RunSearchPage> SearchRunsAsync(RunQuery query, CancellationToken cancellationToken = default);

    /// <summary>Lists a run's artifacts under a logical directory (all when <paramref name="path"/> is null).</summary>
    Task<IReadOnlyList<RunArtifact>> ListArtifactsAsync(string runId, string? path = null, CancellationToken cancellationToken = default);

    /// <summary>Opens one artifact for reading; the stream verifies the content digest as it is read.</summary>
    Task<Stream> OpenArtifactAsync(string runId, string path, CancellationToken cancellationToken = default);

    /// <summary>Downloads the artifacts under <paramref name="path"/> (all when null) into a local directory, verifying each digest. Returns the files written.</summary>
    Task<IReadOnlyList<string>> DownloadArtifactsAsync(string runId, string? path, string destinationDirectory, CancellationToken cancellationToken = default);

    /// <summary>Returns the runs that consumed a dataset with the given SHA-256 content digest.</summary>
    Task<IReadOnlyList<RunInfo>> FindRunsByDatasetAsync(string digest, CancellationToken cancellationToken = default);

    /// <summary>Completes when every metric point logged before the call is durable in the store.</summary>
    Task FlushAsync(CancellationToken cancellationToken = default);
}
