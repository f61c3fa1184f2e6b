using System.Diagnostics;
using System.Text.Json;
using Mlops.Tracking.Metrics;

namespace Mlops.Tracking;

/// <summary>
/// A live run. Log through it; dispose it to flush its metrics and end the run (finished, or failed after
/// <see cref="MarkFailed"/>). <see cref="LogMetric(string, double, long)"/> never blocks on I/O and allocates nothing.
/// </summary>
public sealed class RunScope : IAsyncDisposable
{
    private readonly ExperimentTracker _tracker;
    private readonly MetricPipeline _metrics;
    private readonly Activity? _activity;
    private Exception? _failure;
    private string? _lastValidKey;
    private int _ended;

    internal RunScope(ExperimentTracker tracker, MetricPipeline metrics, RunInfo info, Activity? activity)
    {
        _tracker = tracker;
        _metrics = metrics;
        Info = info;
        _activity = activity;
    }

    /// <summary>The run's attributes as they were when the scope was opened.</summary>
    public RunInfo Info { get; }

    /// <summary>The run identifier.</summary>
    public string RunId => Info.RunId;

    /// <summary>The experiment identifier.</summary>
    public string ExperimentId => Info.ExperimentId;

    /// <summary>Whether the run has been ended through this scope.</summary>
    public bool IsEnded => Volatile.Read(ref _ended) != 0;

    /// <summary>Logs a metric point stamped with the current time. Returns at once; see <see cref="FlushAsync"/>.</summary>
    /// <exception cref="MlopsValidationException">The key breaks the key rules.</exception>
    public void LogMetric(string key, double value, long step = 0)
    {
        ValidateMetricKey(key);
        _metrics.Write(new MetricPoint(Info.RunId, key, value, step, _metrics.Clock.NowUnixMilliseconds()));
    }

    /// <summary>Logs a metric point with an explicit timestamp.</summary>
    public void LogMetric(string key, double value, long step, DateTimeOffset timestamp)
    {
        ValidateMetricKey(key);
        _metrics.Write(new MetricPoint(Info.RunId, key, value, step, timestamp.ToUnixTimeMilliseconds()));
    }

    private void ValidateMetricKey(string key)
    {
        // Training loops log the same few key strings over and over: remember the last one that passed.
        if (ReferenceEquals(key, _lastValidKey))
        {
            return;
        }

        InputRules.ValidateKey("metric key", key);
        _lastValidKey = key;
    }

    /// <summary>Logs one parameter. Parameters are immutable: the same value again is fine, another value is a <see cref="MlopsConflictException"/>.</summary>
    public Task LogParamAsync(string key, string value, CancellationToken cancellationToken = default) =>
        LogParamsAsync(new Dictionary<string, string>(1, StringComparer.Ordinal) { [key] = value }, cancellationToken);

    /// <summary>Logs one parameter formatted with the invariant culture.</summary>
    public Task LogParamAsync(string key, IFormattable value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        return LogParamAsync(key, value.ToString(null, System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
    }

    /// <summary>Logs parameters, all or none.</summary>
    public Task LogParamsAsync(IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        foreach (var (key, value) in parameters)
        {
            InputRules.ValidateKey("param key", key);
            InputRules.ValidateParamValue(key, value);
        }

        return _tracker.Store.LogParamsAsync(RunId, parameters, cancellationToken);
    }

    /// <summary>Sets a tag (tags are mutable).</summary>
    public Task SetTagAsync(string key, string value, CancellationToken cancellationToken = default) =>
        SetTagsAsync(new Dictionary<string, string>(1, StringComparer.Ordinal) { [key] = value }, cancellationToken);

    /// <summary>Sets tags, all or none.</summary>
    public Task SetTagsAsync(IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tags);
        ExperimentTracker.ValidateTags(tags);
        return _tracker.Store.SetTagsAsync(RunId, tags, cancellationToken);
    }

    /// <summary>Deletes a tag; an absent tag is a no-op.</summary>
    public Task DeleteTagAsync(string key, CancellationToken cancellationToken = default)
    {
        InputRules.ValidateKey("tag key", key);
        return _tracker.Store.DeleteTagAsync(RunId, key, cancellationToken);
    }

    /// <summary>Stores a stream as an artifact at a logical path under the run (e.g. <c>reports/summary.txt</c>).</summary>
    public Task<RunArtifact> LogArtifactAsync(string path, Stream content, CancellationToken cancellationToken = default) =>
        _tracker.LogArtifactAsync(RunId, path, content, cancellationToken);

    /// <summary>Stores a local file as an artifact; the artifact path defaults to the file name.</summary>
    public async Task<RunArtifact> LogFileAsync(string filePath, string? artifactPath = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        var stream = new FileStream(filePath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (stream.ConfigureAwait(false))
        {
            return await LogArtifactAsync(artifactPath ?? Path.GetFileName(filePath), stream, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stores every file under a local directory, keeping relative paths under <paramref name="artifactPath"/> (the run root when null).</summary>
    public async Task<IReadOnlyList<RunArtifact>> LogDirectoryAsync(string directory, string? artifactPath = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!Directory.Exists(directory))
        {
            throw new MlopsNotFoundException("directory", directory);
        }

        var files = Directory.GetFiles(directory, "*", SearchOption.AllDirectories);
        Array.Sort(files, StringComparer.Ordinal);
        var logged = new List<RunArtifact>(files.Length);
        foreach (var file in files)
        {
            var relative = Path.GetRelativePath(directory, file).Replace(Path.DirectorySeparatorChar, '/');
            var target = string.IsNullOrEmpty(artifactPath) ? relative : artifactPath.TrimEnd('/') + "/" + relative;
            logged.Add(await LogFileAsync(file, target, cancellationToken).ConfigureAwait(false));
        }

        return logged;
    }

    /// <summary>Stores text (UTF-8) as an artifact.</summary>
    public async Task<RunArtifact> LogTextAsync(string path, string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text), writable: false);
        return await LogArtifactAsync(path, stream, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stores a value serialized as indented JSON as an artifact.</summary>
    public async Task<RunArtifact> LogJsonAsync<T>(string path, T value, JsonSerializerOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var stream = new MemoryStream();
        await JsonSerializer.SerializeAsync(stream, value, options ?? ExperimentTracker.IndentedJson, cancellationToken).ConfigureAwait(false);
        stream.Position = 0;
        return await LogArtifactAsync(path, stream, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records a dataset the run consumed (see <see cref="Datasets"/> to describe one from a file or an <c>IDataView</c>).</summary>
    public Task LogDatasetAsync(DatasetInput dataset, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return _tracker.Store.LogDatasetInputAsync(RunId, dataset, cancellationToken);
    }

    /// <summary>Starts a nested run under this one.</summary>
    public Task<RunScope> StartChildRunAsync(string? runName = null, CancellationToken cancellationToken = default) =>
        _tracker.StartRunInExperimentAsync(ExperimentId, new RunOptions { RunName = runName, ParentRunId = RunId }, cancellationToken);

    /// <summary>Completes when every metric point logged before the call is durable.</summary>
    public Task FlushAsync(CancellationToken cancellationToken = default) => _metrics.FlushAsync(cancellationToken);

    /// <summary>Marks the run failed with <paramref name="error"/>; it ends as <see cref="RunStatus.Failed"/> when the scope is disposed.</summary>
    public void MarkFailed(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        _failure = error;
    }

    /// <summary>Flushes metrics and ends the run now with <paramref name="status"/> (and an error text for a failed run).</summary>
    /// <exception cref="MlopsConflictException">The run has already ended.</exception>
    public async Task EndAsync(RunStatus status = RunStatus.Finished, string? error = null, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0)
        {
            throw new MlopsConflictException($"Run '{RunId}' has already been ended through this scope.");
        }

        try
        {
            await _metrics.FlushAsync(cancellationToken).ConfigureAwait(false);
            await _tracker.EndRunAsync(Info, status, error, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (_activity is not null)
            {
                _activity.SetTag(MlopsTelemetry.Tags.RunStatus, status.ToString().ToUpperInvariant());
                if (status == RunStatus.Failed)
                {
                    _activity.SetStatus(ActivityStatusCode.Error, error);
                }

                _activity.Stop();
            }
        }
    }

    /// <summary>Flushes and ends the run unless it already ended: failed after <see cref="MarkFailed"/>, else finished.</summary>
    public async ValueTask DisposeAsync()
    {
        if (IsEnded)
        {
            return;
        }

        var failure = _failure;
        await EndAsync(
            failure is null ? RunStatus.Finished : RunStatus.Failed,
            failure is null ? null : ExperimentTracker.Describe(failure)).ConfigureAwait(false);
    }
}
