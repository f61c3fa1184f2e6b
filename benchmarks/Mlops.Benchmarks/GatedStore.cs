using Mlops.Storage;
using Mlops.Tracking;

namespace Mlops.Benchmarks;

/// <summary>Holds metric commits while closed, so a benchmark measures only the caller's side of LogMetric.</summary>
internal sealed class GatedStore : ITrackingStore
{
    private readonly ITrackingStore _inner;
    private TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public GatedStore(ITrackingStore inner) => _inner = inner;

    public void Close() => Interlocked.Exchange(ref _gate, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public void Open() => Volatile.Read(ref _gate).TrySetResult();

    public async Task AppendMetricsAsync(ReadOnlyMemory<MetricPoint> points, CancellationToken cancellationToken = default)
    {
        await Volatile.Read(ref _gate).Task;
        await _inner.AppendMetricsAsync(points, cancellationToken);
    }

    public Task<Experiment> GetOrCreateExperimentAsync(string experimentId, string name, DateTimeOffset createdAt, string createdBy, Mlops.Journal.JournalDraft journal, CancellationToken cancellationToken = default) => _inner.GetOrCreateExperimentAsync(experimentId, name, createdAt, createdBy, journal, cancellationToken);
    public Task<Experiment?> GetExperimentAsync(string experimentId, CancellationToken cancellationToken = default) => _inner.GetExperimentAsync(experimentId, cancellationToken);
    public Task<Experiment?> GetExperimentByNameAsync(string name, CancellationToken cancellationToken = default) => _inner.GetExperimentByNameAsync(name, cancellationToken);
    public Task<IReadOnlyList<Experiment>> ListExperimentsAsync(CancellationToken cancellationToken = default) => _inner.ListExperimentsAsync(cancellationToken);
    public Task CreateRunAsync(NewRun run, Mlops.Journal.JournalDraft journal, CancellationToken cancellationToken = default) => _inner.CreateRunAsync(run, journal, cancellationToken);
    public Task<Run?> GetRunAsync(string runId, CancellationToken cancellationToken = default) => _inner.GetRunAsync(runId, cancellationToken);
    public Task<IReadOnlyList<RunInfo>> GetChildRunsAsync(string parentRunId, CancellationToken cancellationToken = default) => _inner.GetChildRunsAsync(parentRunId, cancellationToken);
    public Task EndRunAsync(string runId, RunStatus status, DateTimeOffset endTime, string? error, Mlops.Journal.JournalDraft journal, CancellationToken cancellationToken = default) => _inner.EndRunAsync(runId, status, endTime, error, journal, cancellationToken);
    public Task LogParamsAsync(string runId, IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken = default) => _inner.LogParamsAsync(runId, parameters, cancellationToken);
    public Task SetTagsAsync(string runId, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default) => _inner.SetTagsAsync(runId, tags, cancellationToken);
    public Task DeleteTagAsync(string runId, string key, CancellationToken cancellationToken = default) => _inner.DeleteTagAsync(runId, key, cancellationToken);
    public Task<IReadOnlyList<Metric>> GetMetricHistoryAsync(string runId, string key, CancellationToken cancellationToken = default) => _inner.GetMetricHistoryAsync(runId, key, cancellationToken);
    public Task LogDatasetInputAsync(string runId, DatasetInput input, CancellationToken cancellationToken = default) => _inner.LogDatasetInputAsync(runId, input, cancellationToken);
    public Task<IReadOnlyList<RunInfo>> FindRunsByDatasetDigestAsync(string digest, CancellationToken cancellationToken = default) => _inner.FindRunsByDatasetDigestAsync(digest, cancellationToken);
    public Task AddRunArtifactAsync(string runId, RunArtifact artifact, CancellationToken cancellationToken = default) => _inner.AddRunArtifactAsync(runId, artifact, cancellationToken);
    public Task<IReadOnlyList<RunArtifact>> ListRunArtifactsAsync(string runId, string? pathPrefix = null, CancellationToken cancellationToken = default) => _inner.ListRunArtifactsAsync(runId, pathPrefix, cancellationToken);
    public Task<Mlops.Search.RunSearchPage> SearchRunsAsync(Mlops.Search.RunSearchRequest request, CancellationToken cancellationToken = default) => _inner.SearchRunsAsync(request, cancellationToken);
}
