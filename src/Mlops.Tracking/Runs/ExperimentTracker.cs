using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Mlops.Artifacts;
using Mlops.Governance;
using Mlops.Journal;
using Mlops.Search;
using Mlops.Storage;
using Mlops.Tracking.Capture;
using Mlops.Tracking.Metrics;

namespace Mlops.Tracking;

internal sealed class ExperimentTracker : IExperimentTracker
{
    internal static readonly JsonSerializerOptions IndentedJson = new() { WriteIndented = true };

    private readonly MetricPipeline _metrics;
    private readonly IArtifactStore _artifacts;
    private readonly IActorAccessor _actor;
    private readonly TimeProvider _time;
    private readonly TrackingOptions _options;
    private readonly RunEnvironment _environment;
    private readonly TrackingAccess _access;

    public ExperimentTracker(
        ITrackingStore store,
        IArtifactStore artifacts,
        MetricPipeline metrics,
        IActorAccessor actor,
        TimeProvider time,
        IOptions<TrackingOptions> options,
        IAccessGuard access)
    {
        Store = store;
        _access = new TrackingAccess(access, store);
        _artifacts = artifacts;
        _metrics = metrics;
        _actor = actor;
        _time = time;
        _options = options.Value;
        _environment = new RunEnvironment(_options.SourceDirectory);
    }

    internal ITrackingStore Store { get; }

    /// <summary>Reading an existing experiment needs Read; creating one needs Edit on its name (see <c>PermissionOptions.DefaultLevel</c>).</summary>
    public async Task<Experiment> GetOrCreateExperimentAsync(string name, CancellationToken cancellationToken = default)
    {
        InputRules.ValidateName("experiment name", name);
        if (_access.IsEnforced)
        {
            var existing = await Store.GetExperimentByNameAsync(name, cancellationToken).ConfigureAwait(false);
            await _access.DemandAsync(name, existing is null ? PermissionLevel.Edit : PermissionLevel.Read, cancellationToken).ConfigureAwait(false);
            if (existing is not null)
            {
                return existing;
            }
        }

        return await CreateExperimentAsync(name, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Experiment> CreateExperimentAsync(string name, CancellationToken cancellationToken)
    {
        var id = NewId();
        var now = _time.GetUtcNow();
        var actor = _actor.CurrentActor;
        var draft = new JournalDraft(JournalKinds.ExperimentCreated, "experiment/" + id, actor, now,
            JournalPayload.Create(("experimentId", id), ("name", name)));
        return await Store.GetOrCreateExperimentAsync(id, name, now, actor, draft, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Leaves out the experiments the actor cannot read.</summary>
    public async Task<IReadOnlyList<Experiment>> ListExperimentsAsync(CancellationToken cancellationToken = default)
    {
        var experiments = await Store.ListExperimentsAsync(cancellationToken).ConfigureAwait(false);
        if (!_access.IsEnforced)
        {
            return experiments;
        }

        var readable = new List<Experiment>(experiments.Count);
        foreach (var experiment in experiments)
        {
            if (await _access.CanReadAsync(experiment.Name, cancellationToken).ConfigureAwait(false))
            {
                readable.Add(experiment);
            }
        }

        return readable;
    }

    /// <summary>Needs Edit on the experiment (which also lets the actor create it). The scope's writes are not checked again.</summary>
    public async Task<RunScope> StartRunAsync(string experimentName, RunOptions? options = null, CancellationToken cancellationToken = default)
    {
        InputRules.ValidateName("experiment name", experimentName);
        await _access.DemandAsync(experimentName, PermissionLevel.Edit, cancellationToken).ConfigureAwait(false);
        var experiment = await CreateExperimentAsync(experimentName, cancellationToken).ConfigureAwait(false);
        return await StartRunInExperimentAsync(experiment.ExperimentId, options, cancellationToken).ConfigureAwait(false);
    }

    internal async Task<RunScope> StartRunInExperimentAsync(string experimentId, RunOptions? options, CancellationToken cancellationToken)
    {
        options ??= new RunOptions();
        var runId = NewId();
        var now = JournalChain.TruncateToMilliseconds(_time.GetUtcNow());
        var runName = options.RunName ?? $"run-{now:yyyyMMdd-HHmmss}-{runId[..4]}";
        InputRules.ValidateName("run name", runName);

        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (options.CaptureEnvironment ?? _options.CaptureEnvironment)
        {
            foreach (var (key, value) in _environment.Tags)
            {
                tags[key] = value.Length > InputRules.MaxTagValueLength ? value[..InputRules.MaxTagValueLength] : value;
            }
        }

        if (options.Tags is not null)
        {
            ValidateTags(options.Tags);
            foreach (var (key, value) in options.Tags)
            {
                tags[key] = value;
            }
        }

        var actor = _actor.CurrentActor;
        var run = new NewRun(runId, experimentId, runName, options.ParentRunId, now, actor, tags);
        var draft = new JournalDraft(JournalKinds.RunCreated, "run/" + runId, actor, now,
            JournalPayload.Create(("runId", runId), ("experimentId", experimentId), ("runName", runName), ("parentRunId", options.ParentRunId)));
        await Store.CreateRunAsync(run, draft, cancellationToken).ConfigureAwait(false);

        var info = new RunInfo(runId, experimentId, runName, options.ParentRunId, RunStatus.Running, now, null, actor, null);
        return new RunScope(this, _metrics, info, StartActivity(info));
    }

    /// <summary>Needs Edit on the run's experiment.</summary>
    public async Task<RunScope> ResumeRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        var run = await Store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false)
            ?? throw new MlopsNotFoundException("run", runId);
        await _access.DemandByIdAsync(_access.Remember(runId, run.Info.ExperimentId), PermissionLevel.Edit, cancellationToken).ConfigureAwait(false);
        if (run.Info.Status != RunStatus.Running)
        {
            throw new MlopsConflictException($"Run '{runId}' cannot be resumed: its status is {run.Info.Status.ToString().ToUpperInvariant()}, not RUNNING.");
        }

        return new RunScope(this, _metrics, run.Info, StartActivity(run.Info));
    }

    public async Task<TResult> RunAsync<TResult>(string experimentName, Func<RunScope, Task<TResult>> body, RunOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        var scope = await StartRunAsync(experimentName, options, cancellationToken).ConfigureAwait(false);
        await using (scope.ConfigureAwait(false))
        {
            try
            {
                return await body(scope).ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested)
            {
                await scope.EndAsync(RunStatus.Killed, Describe(e), CancellationToken.None).ConfigureAwait(false);
                throw;
            }
            catch (Exception e)
            {
                scope.MarkFailed(e);
                throw;
            }
        }
    }

    internal async Task EndRunAsync(RunInfo info, RunStatus status, string? error, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var actor = _actor.CurrentActor;
        var statusText = status.ToString().ToUpperInvariant();
        var draft = new JournalDraft(JournalKinds.RunEnded, "run/" + info.RunId, actor, now,
            JournalPayload.Create(("runId", info.RunId), ("status", statusText), ("error", error)));
        await Store.EndRunAsync(info.RunId, status, now, error, draft, cancellationToken).ConfigureAwait(false);
    }

    public async Task<Run> GetRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        var run = await Store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false)
            ?? throw new MlopsNotFoundException("run", runId);
        await _access.DemandByIdAsync(_access.Remember(runId, run.Info.ExperimentId), PermissionLevel.Read, cancellationToken).ConfigureAwait(false);
        return run;
    }

    /// <summary>Leaves out child runs in experiments the actor cannot read.</summary>
    public async Task<IReadOnlyList<RunInfo>> GetChildRunsAsync(string runId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        var children = await Store.GetChildRunsAsync(runId, cancellationToken).ConfigureAwait(false);
        return await _access.FilterAsync(children, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<Metric>> GetMetricHistoryAsync(string runId, string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        InputRules.ValidateKey("metric key", key);
        await _access.DemandByRunAsync(runId, PermissionLevel.Read, cancellationToken).ConfigureAwait(false);
        return await Store.GetMetricHistoryAsync(runId, key, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Searches only the named experiments the actor can read; an empty page when it can read none of them.</summary>
    public async Task<RunSearchPage> SearchRunsAsync(RunQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.ExperimentNames is not { Count: > 0 })
        {
            throw new MlopsValidationException("experiment names", null, "name at least one experiment to search.");
        }

        var filter = RunSearchParser.ParseFilter(query.Filter);
        var orderBy = RunSearchParser.ParseOrderBy(query.OrderBy);
        var ids = new List<string>(query.ExperimentNames.Count);
        foreach (var name in query.ExperimentNames)
        {
            var experiment = await Store.GetExperimentByNameAsync(name, cancellationToken).ConfigureAwait(false)
                ?? throw new MlopsNotFoundException("experiment", name);
            if (await _access.CanReadAsync(experiment.Name, cancellationToken).ConfigureAwait(false))
            {
                ids.Add(experiment.ExperimentId);
            }
        }

        if (ids.Count == 0)
        {
            return new RunSearchPage([], null);
        }

        return await Store.SearchRunsAsync(new RunSearchRequest(ids, filter, orderBy, query.MaxResults, query.PageToken), cancellationToken).ConfigureAwait(false);
    }

    internal async Task<RunArtifact> LogArtifactAsync(string runId, string path, Stream content, CancellationToken cancellationToken)
    {
        InputRules.ValidateArtifactPath(path);
        ArgumentNullException.ThrowIfNull(content);
        var descriptor = await _artifacts.PutAsync(content, cancellationToken).ConfigureAwait(false);
        var artifact = new RunArtifact(path, descriptor.Digest, descriptor.Length);
        await Store.AddRunArtifactAsync(runId, artifact, cancellationToken).ConfigureAwait(false);
        return artifact;
    }

    public async Task<IReadOnlyList<RunArtifact>> ListArtifactsAsync(string runId, string? path = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        if (path is not null)
        {
            InputRules.ValidateArtifactPath(path);
        }

        await _access.DemandByRunAsync(runId, PermissionLevel.Read, cancellationToken).ConfigureAwait(false);
        return await Store.ListRunArtifactsAsync(runId, path, cancellationToken).ConfigureAwait(false);
    }

    public async Task<Stream> OpenArtifactAsync(string runId, string path, CancellationToken cancellationToken = default)
    {
        var artifact = (await ListArtifactsAsync(runId, path, cancellationToken).ConfigureAwait(false))
            .FirstOrDefault(a => a.Path == path)
            ?? throw new MlopsNotFoundException("artifact", $"{runId}/{path}");
        return await _artifacts.OpenReadAsync(artifact.Digest, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<string>> DownloadArtifactsAsync(string runId, string? path, string destinationDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(destinationDirectory);
        var artifacts = await ListArtifactsAsync(runId, path, cancellationToken).ConfigureAwait(false);
        var root = Path.GetFullPath(destinationDirectory);
        var written = new List<string>(artifacts.Count);
        foreach (var artifact in artifacts)
        {
            var relative = path is null || artifact.Path == path
                ? (path is null ? artifact.Path : Path.GetFileName(artifact.Path))
                : artifact.Path[(path.Length + 1)..];
            var target = Path.GetFullPath(Path.Combine(root, relative));
            if (!target.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new MlopsValidationException("artifact path", artifact.Path, "it would be written outside the destination directory.");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var temp = target + ".part";
            var source = await _artifacts.OpenReadAsync(artifact.Digest, cancellationToken).ConfigureAwait(false);
            await using (source.ConfigureAwait(false))
            {
                var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
                await using (file.ConfigureAwait(false))
                {
                    await source.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
                }
            }

            File.Move(temp, target, overwrite: true);
            written.Add(target);
        }

        return written;
    }

    /// <summary>Leaves out runs in experiments the actor cannot read.</summary>
    public async Task<IReadOnlyList<RunInfo>> FindRunsByDatasetAsync(string digest, CancellationToken cancellationToken = default)
    {
        ArtifactDigest.Validate(digest);
        var runs = await Store.FindRunsByDatasetDigestAsync(digest, cancellationToken).ConfigureAwait(false);
        return await _access.FilterAsync(runs, cancellationToken).ConfigureAwait(false);
    }

    public Task FlushAsync(CancellationToken cancellationToken = default) => _metrics.FlushAsync(cancellationToken);

    internal static void ValidateTags(IReadOnlyDictionary<string, string> tags)
    {
        foreach (var (key, value) in tags)
        {
            InputRules.ValidateKey("tag key", key);
            InputRules.ValidateTagValue(key, value);
        }
    }

    internal static string Describe(Exception error)
    {
        var text = $"{error.GetType().FullName}: {error.Message}{Environment.NewLine}{error.StackTrace}";
        return text.Length <= 20_000 ? text : text[..20_000];
    }

    private static string NewId() => Guid.NewGuid().ToString("N");

    private static Activity? StartActivity(RunInfo info)
    {
        var activity = MlopsInstrumentation.ActivitySource.StartActivity("mlops.run", ActivityKind.Internal);
        if (activity is not null)
        {
            activity.DisplayName = "run " + info.RunName;
            activity.SetTag(MlopsTelemetry.Tags.RunId, info.RunId);
            activity.SetTag(MlopsTelemetry.Tags.ExperimentId, info.ExperimentId);
        }

        return activity;
    }
}
