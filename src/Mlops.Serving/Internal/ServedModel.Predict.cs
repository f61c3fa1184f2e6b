using System.Diagnostics;
using Mlops.Serving.HotSwap;
using Mlops.Serving.Telemetry;

namespace Mlops.Serving.Internal;

internal sealed partial class ServedModel<TIn, TOut>
{
    public TOut Predict(TIn input) => PredictCore(input, null, out _, out _);

    public TOut Predict(TIn input, string? routingKey) => PredictCore(input, routingKey, out _, out _);

    public Prediction<TOut> PredictWithDetails(TIn input, string? routingKey = null)
    {
        var output = PredictCore(input, routingKey, out var generation, out var issues);
        return generation is null
            ? new Prediction<TOut>(output, ModelName, 0, ServingVariants.Fallback, [])
            : new Prediction<TOut>(output, ModelName, generation.Version, generation.Variant, issues ?? []);
    }

    public IReadOnlyList<TOut> PredictBatch(IReadOnlyList<TIn> inputs, string? routingKey = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count == 0)
        {
            return [];
        }

        if (Volatile.Read(ref _disabled) is { } stopped)
        {
            return AnswerStopped(stopped, inputs);
        }

        var generation = AcquireCounted(ChooseSlot(routingKey));
        var started = _telemetry.Start();
        using var activity = StartActivity(generation, inputs.Count);
        try
        {
            var outputs = new TOut[inputs.Count];
            var engine = generation.Rent();
            try
            {
                for (var i = 0; i < outputs.Length; i++)
                {
                    var input = inputs[i] ?? throw new ArgumentException($"Row {i} of the batch is null.", nameof(inputs));
                    CheckInput(generation, input);
                    outputs[i] = engine.Predict(input);
                }
            }
            finally
            {
                generation.Return(engine);
            }

            _telemetry.Record(generation.Predictions, started, outputs.Length);
            for (var i = 0; i < outputs.Length; i++)
            {
                AfterPrediction(generation, inputs[i], outputs[i]);
            }

            return outputs;
        }
        catch (Exception e)
        {
            _telemetry.RecordError(generation.Tags, e);
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            throw;
        }
        finally
        {
            generation.Release();
        }
    }

    public async ValueTask<TOut> PredictAsync(TIn input, string? routingKey = null, CancellationToken cancellationToken = default)
    {
        if (_primary.Current is null && Volatile.Read(ref _disabled) is null)
        {
            await WaitUntilLoadedAsync(cancellationToken).ConfigureAwait(false);
        }

        return PredictCore(input, routingKey, out _, out _);
    }

    public async ValueTask<IReadOnlyList<TOut>> PredictBatchAsync(IReadOnlyList<TIn> inputs, string? routingKey = null, CancellationToken cancellationToken = default)
    {
        if (_primary.Current is null && Volatile.Read(ref _disabled) is null)
        {
            await WaitUntilLoadedAsync(cancellationToken).ConfigureAwait(false);
        }

        return PredictBatch(inputs, routingKey);
    }

    /// <summary>Predicts one row; <paramref name="generation"/> is <see langword="null"/> when the kill switch's fallback answered.</summary>
    private TOut PredictCore(TIn input, string? routingKey, out ModelGeneration<TIn, TOut>? generation, out InputIssue[]? issues)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (Volatile.Read(ref _disabled) is { } stopped)
        {
            generation = null;
            issues = null;
            return AnswerStopped(stopped, input);
        }

        var leased = AcquireCounted(ChooseSlot(routingKey));
        generation = leased;
        var started = _telemetry.Start();
        using var activity = StartActivity(leased, 1);
        try
        {
            issues = CheckInput(leased, input);
            var engine = leased.Rent();
            TOut output;
            try
            {
                output = engine.Predict(input);
            }
            finally
            {
                leased.Return(engine);
            }

            _telemetry.Record(leased.Predictions, started, 1);
            AfterPrediction(leased, input, output);
            return output;
        }
        catch (Exception e)
        {
            _telemetry.RecordError(leased.Tags, e);
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            throw;
        }
        finally
        {
            leased.Release();
        }
    }

    /// <summary>What follows each answered row, single or batched: the drift window, the shadow mirror, the inference record.</summary>
    private void AfterPrediction(ModelGeneration<TIn, TOut> generation, TIn input, TOut output)
    {
        generation.Drift?.Observe(input);
        if (_shadow is not null && ReferenceEquals(generation, _primary.Current))
        {
            _shadow.Mirror(input, output);
        }

        if (_recorder is { } recorder && recorder.Sample(Key))
        {
            RecordInference(recorder, generation, input, output);
        }
    }

    /// <summary>Checks a row; in reject mode the first issue throws, in flag mode issues are counted and returned.</summary>
    private InputIssue[]? CheckInput(ModelGeneration<TIn, TOut> generation, TIn input)
    {
        if (generation.Checker is not { } checker || checker.Check(input) is not { } issues)
        {
            return null;
        }

        if (_telemetry.InputIssues.Enabled)
        {
            foreach (var issue in issues)
            {
                var tags = new TagList(generation.Tags) { { ServingTelemetry.InputField, issue.Field }, { ServingTelemetry.InputIssueKind, issue.Kind.ToString() } };
                _telemetry.InputIssues.Add(1, tags);
            }
        }

        if (checker.Mode == InputCheckMode.Reject)
        {
            var first = issues[0];
            throw new MlopsValidationException(first.Field, first.Value, first.Rule);
        }

        return issues;
    }

    private ModelSlot<TIn, TOut> ChooseSlot(string? routingKey)
    {
        if (_canary?.Current is null || _canaryThreshold <= 0)
        {
            return _primary;
        }

        var draw = routingKey is null ? Random.Shared.Next(10_000) : (int)(StableHash(routingKey) % 10_000);
        return draw < _canaryThreshold ? _canary : _primary;
    }

    /// <summary>
    /// Leases the slot's live generation. A generation retired between the read and the lease is skipped, and a lease taken
    /// on a generation that was replaced meanwhile is given back: a call that leases after a swap is published never uses
    /// the old version.
    /// </summary>
    private ModelGeneration<TIn, TOut> Acquire(ModelSlot<TIn, TOut> slot)
    {
        while (true)
        {
            var generation = slot.Current ?? _primary.Current
                ?? throw new MlopsModelUnavailableException(Key, _primary.LastError ?? "the first load has not finished; await PredictAsync or IModelServer.SyncAsync to wait for it.");
            if (!generation.TryAcquire())
            {
                continue;
            }

            if (ReferenceEquals(generation, slot.Current) || (slot.Current is null && ReferenceEquals(generation, _primary.Current)))
            {
                return generation;
            }

            generation.Release();
        }
    }

    /// <summary><see cref="Acquire"/>, counting "nothing loaded" as an error so that an outage shows in the metrics.</summary>
    private ModelGeneration<TIn, TOut> AcquireCounted(ModelSlot<TIn, TOut> slot)
    {
        try
        {
            return Acquire(slot);
        }
        catch (MlopsModelUnavailableException e)
        {
            _telemetry.RecordError(_unavailableTags, e);
            throw;
        }
    }

    private static Activity? StartActivity(ModelGeneration<TIn, TOut> generation, int rows)
    {
        if (!MlopsInstrumentation.ActivitySource.HasListeners())
        {
            return null;
        }

        var activity = MlopsInstrumentation.ActivitySource.StartActivity(ServingTelemetry.PredictActivity, ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            foreach (var tag in generation.Tags)
            {
                activity.SetTag(tag.Key, tag.Value);
            }

            activity.SetTag("mlops.serving.rows", rows);
        }

        return activity;
    }

    /// <summary>FNV-1a over the key's UTF-16 code units: stable across processes and restarts, unlike string.GetHashCode.</summary>
    private static uint StableHash(string key)
    {
        var hash = 2166136261u;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }
}
