using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Mlops.Journal;
using Mlops.Registry;
using Mlops.Serving.Drift;
using Mlops.Serving.HotSwap;
using Mlops.Serving.Routing;
using Mlops.Serving.Telemetry;
using Mlops.Storage;
using Mlops.Validation;

namespace Mlops.Serving.Internal;

/// <summary>One served model: its variants (primary, optional canary and shadow), predictions and swaps.</summary>
internal sealed partial class ServedModel<TIn, TOut> : IPredictor<TIn, TOut>, IServedModel
    where TIn : class
    where TOut : class, new()
{
    private readonly ServedModelOptions<TIn, TOut> _options;
    private readonly IModelRegistry _registry;
    private readonly IModelValidator? _validator;
    private readonly IJournalStore _journal;
    private readonly ServingTelemetry _telemetry;
    private readonly ServingOptions _serving;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ModelSlot<TIn, TOut> _primary;
    private readonly ModelSlot<TIn, TOut>? _canary;
    private readonly ShadowMirror<TIn, TOut>? _shadow;
    private readonly int _canaryThreshold;
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _audit = Task.CompletedTask;
    private readonly KeyValuePair<string, object?>[] _unavailableTags;
    private bool _disposed;

    public ServedModel(
        string key,
        string modelName,
        ServedModelOptions<TIn, TOut> options,
        IModelRegistry registry,
        IModelValidator? validator,
        IJournalStore journal,
        ServingTelemetry telemetry,
        ServingOptions serving,
        TimeProvider time,
        ILogger logger,
        IGovernanceStore? governance = null,
        IInferenceRecorder? recorder = null)
    {
        Key = key;
        ModelName = modelName;
        _options = options;
        _registry = registry;
        _validator = validator;
        _journal = journal;
        _telemetry = telemetry;
        _serving = serving;
        _time = time;
        _logger = logger;
        _governance = governance;
        _recorder = recorder is not null && recorder.Records(key, modelName) ? recorder : null;
        _primary = new ModelSlot<TIn, TOut>(ServingVariants.Primary, modelName, options.Alias, options.Version);
        _unavailableTags = options.Alias is null
            ? [new(MlopsTelemetry.Tags.ModelName, modelName), new(MlopsTelemetry.Tags.ServingVariant, ServingVariants.Primary)]
            : [new(MlopsTelemetry.Tags.ModelName, modelName), new(MlopsTelemetry.Tags.ModelAlias, options.Alias), new(MlopsTelemetry.Tags.ServingVariant, ServingVariants.Primary)];
        _fallbackTags = options.Alias is null
            ? [new(MlopsTelemetry.Tags.ModelName, modelName), new(MlopsTelemetry.Tags.ServingVariant, ServingVariants.Fallback)]
            : [new(MlopsTelemetry.Tags.ModelAlias, options.Alias), new(MlopsTelemetry.Tags.ModelName, modelName), new(MlopsTelemetry.Tags.ServingVariant, ServingVariants.Fallback)];
        if (options.Canary is { } canary)
        {
            _canary = new ModelSlot<TIn, TOut>(ServingVariants.Canary, modelName, canary.Alias, canary.Version);

            // Routing compares a draw (or a key's hash) in [0, 10000) with the share in hundredths of a percent.
            _canaryThreshold = (int)Math.Round(canary.Percentage * 100);
        }

        if (options.Shadow is { } shadow)
        {
            var slot = new ModelSlot<TIn, TOut>(ServingVariants.Shadow, modelName, shadow.Alias, shadow.Version);
            _shadow = new ShadowMirror<TIn, TOut>(slot, shadow, telemetry, logger, key);
        }
    }

    public string Key { get; }

    public string ModelName { get; }

    public GenerationCounter Generations { get; } = new();

    public TimeSpan DriftInterval => _options.Drift.EvaluationInterval;

    public IEnumerable<string> FollowedAliases => Slots.Select(s => s.Alias).OfType<string>();

    public ServedModelStatus Status => GetStatus();

    private IEnumerable<ModelSlot<TIn, TOut>> Slots
    {
        get
        {
            yield return _primary;
            if (_canary is not null)
            {
                yield return _canary;
            }

            if (_shadow is not null)
            {
                yield return _shadow.Slot;
            }
        }
    }

    public ServedModelStatus GetStatus()
    {
        var live = _primary.Current;
        var drift = live?.Drift?.Last;
        var failed = Slots.FirstOrDefault(s => s.LastError is not null);
        var disabled = Volatile.Read(ref _disabled);

        // A stop by the kill switch is deliberate, not a fault: degraded, so the instance stays in rotation and callers get
        // the fallback or the typed "disabled" error instead of a connection refused.
        var health = live is null ? ServingHealth.Unhealthy
            : failed is not null || drift is { OverThreshold: true } || disabled is not null ? ServingHealth.Degraded
            : ServingHealth.Healthy;
        return new ServedModelStatus
        {
            Key = Key,
            ModelName = ModelName,
            Alias = _options.Alias,
            PinnedVersion = _options.Version,
            Live = live?.Served,
            Canary = _canary?.Current?.Served,
            CanaryPercentage = _canary is null ? 0 : _options.Canary!.Percentage,
            Shadow = _shadow?.Slot.Current?.Served,
            ShadowStatistics = _shadow?.Statistics ?? new ShadowStatistics(0, 0, 0, 0),
            Health = health,
            LastError = failed?.LastError,
            LastErrorAt = failed?.LastErrorAt,
            Drift = drift,
            Disabled = disabled,
        };
    }

    public void Observe(JournalEntry entry)
    {
        if (ObserveControl(entry))
        {
            return;
        }

        if (JournalAliasEvent.TryRead(entry) is not { } change || !string.Equals(change.ModelName, ModelName, StringComparison.Ordinal))
        {
            return;
        }

        foreach (var slot in Slots)
        {
            // Alias events touch the slot following that alias; renames and version changes touch every slot.
            if (change.Alias is null || string.Equals(change.Alias, slot.Alias, StringComparison.Ordinal))
            {
                slot.Dirty = true;
                if (change.Alias is not null)
                {
                    slot.PendingCause = change.Cause;
                }
            }
        }
    }

    public void SetInitialCause(string alias, SwapCause cause)
    {
        foreach (var slot in Slots)
        {
            if (string.Equals(slot.Alias, alias, StringComparison.Ordinal) && slot.Current is null)
            {
                slot.PendingCause = cause;
            }
        }
    }

    public Task WaitUntilLoadedAsync(CancellationToken cancellationToken) => _loaded.Task.WaitAsync(cancellationToken);

    public async Task EvaluateDriftAsync(CancellationToken cancellationToken)
    {
        var generation = _primary.Current;
        if (generation?.Drift is not { } monitor || !generation.TryAcquire())
        {
            return;
        }

        try
        {
            var report = monitor.Evaluate(out var rows);
            if (report is null)
            {
                return;
            }

            var status = new OnlineDriftStatus(generation.Version, _time.GetUtcNow(), rows, report.DatasetDrift, report);
            monitor.Last = status;
            if (report.DatasetDrift != monitor.OverThreshold)
            {
                // The state flips only once the entry is appended: a failed append is retried at the next evaluation.
                await JournalDriftChangeAsync(generation, status, cancellationToken).ConfigureAwait(false);
                monitor.OverThreshold = report.DatasetDrift;
            }
        }
        finally
        {
            generation.Release();
        }
    }

    public void CollectDriftScores(List<Measurement<double>> into)
    {
        var generation = _primary.Current;
        if (generation?.Drift?.Last is not { } last)
        {
            return;
        }

        foreach (var column in last.Report.Columns)
        {
            into.Add(new Measurement<double>(column.Score,
            [
                new(MlopsTelemetry.Tags.ModelName, ModelName),
                new(MlopsTelemetry.Tags.ModelVersion, last.Version),
                new(MlopsTelemetry.Tags.ServingKey, Key),
                new(ServingTelemetry.DriftFeature, column.Column),
                new(ServingTelemetry.DriftTest, column.Test.ToString()),
            ]));
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        Volatile.Write(ref _disposed, true);
        _shadow?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        foreach (var slot in Slots)
        {
            slot.RetireCurrent();
        }
    }

    /// <summary>Test hook: waits until every queued shadow mirror has been compared.</summary>
    internal Task FlushShadowAsync(CancellationToken cancellationToken = default) =>
        _shadow?.FlushAsync(cancellationToken) ?? Task.CompletedTask;

    private async Task JournalDriftChangeAsync(ModelGeneration<TIn, TOut> generation, OnlineDriftStatus status, CancellationToken cancellationToken)
    {
        var drifted = status.Report.Columns.Where(c => c.Drifted).ToList();
        var features = string.Join(", ", drifted.Select(c => FormattableString.Invariant($"{c.Column} ({c.Test} {c.Score:G4})")));
        if (status.OverThreshold)
        {
            ServingLog.DriftDetected(_logger, Key, ModelName, generation.Version, features);
        }
        else
        {
            ServingLog.DriftCleared(_logger, Key, ModelName, generation.Version);
        }

        var draft = new JournalDraft(
            status.OverThreshold ? JournalKinds.ServingDriftDetected : JournalKinds.ServingDriftCleared,
            FormattableString.Invariant($"model/{ModelName}/{generation.Version}"),
            _serving.InstanceName,
            status.EvaluatedAt,
            JournalPayload.Create(
                ("key", Key), ("name", ModelName), ("version", generation.Version), ("windowRows", status.WindowRows),
                ("driftedShare", status.Report.DriftedShare), ("drifted", features), ("instance", _serving.InstanceName)));
        await _journal.AppendJournalAsync(draft, cancellationToken).ConfigureAwait(false);
    }
}
