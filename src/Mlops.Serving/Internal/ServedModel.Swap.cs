using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Mlops.Journal;
using Mlops.Registry;
using Mlops.Serving.Drift;
using Mlops.Serving.HotSwap;
using Mlops.Serving.Telemetry;

namespace Mlops.Serving.Internal;

internal sealed partial class ServedModel<TIn, TOut>
{
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        // The kill switch first: a model stopped before serving starts never answers from the model, even once.
        await RefreshControlAsync(cancellationToken).ConfigureAwait(false);
        foreach (var slot in Slots)
        {
            // A failure is retried when its retry time comes (or at once when a journal entry touches the slot), not every poll.
            var due = slot.Dirty || (slot.LastError is null ? slot.Current is null : _time.GetUtcNow() >= slot.RetryAfter);
            if (due)
            {
                await RefreshSlotAsync(slot, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Resolves what the slot should serve and, when it differs from what it serves, loads, checks, warms up and publishes it.</summary>
    private async Task RefreshSlotAsync(ModelSlot<TIn, TOut> slot, CancellationToken cancellationToken)
    {
        var wasDirty = slot.Dirty;
        slot.Dirty = false;
        var current = slot.Current;
        ModelVersion target;
        try
        {
            target = await _registry.ResolveAsync(slot.TargetUri, cancellationToken).ConfigureAwait(false);
        }
        catch (MlopsException e)
        {
            // The alias was deleted, or the model renamed: keep serving what is live, and say why.
            Fail(slot, null, current, e);
            return;
        }

        if (current?.Version == target.Version)
        {
            slot.ClearFailure();
            slot.PendingCause = null;
            return;
        }

        if (!wasDirty && slot.FailedVersion == target.Version && _time.GetUtcNow() < slot.RetryAfter)
        {
            return;
        }

        var cause = slot.PendingCause ?? (slot.Alias is null
            ? new SwapCause(string.Create(CultureInfo.InvariantCulture, $"pinned to version {target.Version}"), null, null, null)
            : new SwapCause($"alias '{slot.Alias}' named version {target.Version} when serving started (the entry that set it is older than the start-up lookback)", null, null, null));
        var started = Stopwatch.GetTimestamp();
        using var activity = MlopsInstrumentation.ActivitySource.StartActivity(ServingTelemetry.SwapActivity);
        activity?.SetTag(MlopsTelemetry.Tags.ModelName, ModelName);
        activity?.SetTag(MlopsTelemetry.Tags.ModelVersion, target.Version);
        activity?.SetTag(MlopsTelemetry.Tags.ModelAlias, slot.Alias);
        activity?.SetTag(MlopsTelemetry.Tags.ServingVariant, slot.Variant);
        ModelGeneration<TIn, TOut> next;
        try
        {
            next = await CreateGenerationAsync(slot, target, cause, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            Fail(slot, target.Version, current, e);
            return;
        }

        if (_disposed)
        {
            next.Retire();
            return;
        }

        slot.Publish(next);
        if (Volatile.Read(ref _disposed))
        {
            // Disposed between the check above and the publish: nothing else will retire what was just published.
            slot.RetireCurrent();
            return;
        }

        slot.ClearFailure();
        slot.PendingCause = null;
        if (slot == _primary)
        {
            _loaded.TrySetResult();
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        CountSwap(next.Tags, "published");
        ServingLog.Published(_logger, Key, slot.Variant, ModelName, target.Version, current?.Version, elapsed.TotalMilliseconds, cause.Description);
        if (_serving.JournalSwaps)
        {
            // Not awaited here: the follower goes on to the next journal move while the audit entry is written (under a
            // fleet's one write lock it can wait behind other writers). Entries stay in swap order; IModelServer.SyncAsync
            // and shutdown wait for them.
            _audit = JournalSwapAfterAsync(_audit, slot, current?.Version, next, cause, elapsed);
        }
    }

    /// <summary>The swap entries not yet written, in order; completes when the last one is written (or its failure logged).</summary>
    public Task AuditCompletion => _audit;

    private async Task JournalSwapAfterAsync(Task previous, ModelSlot<TIn, TOut> slot, int? oldVersion, ModelGeneration<TIn, TOut> next, SwapCause cause, TimeSpan elapsed)
    {
        await previous.ConfigureAwait(false);
        await JournalSwapAsync(slot, oldVersion, next, cause, elapsed).ConfigureAwait(false);
    }

    private async Task<ModelGeneration<TIn, TOut>> CreateGenerationAsync(ModelSlot<TIn, TOut> slot, ModelVersion target, SwapCause cause, CancellationToken cancellationToken)
    {
        var versionUri = target.Uri;
        var model = await _registry.LoadOwnedAsync(versionUri, cancellationToken).ConfigureAwait(false);
        ModelGeneration<TIn, TOut>? generation = null;
        try
        {
            ModelSignatures.EnsureFits(model, typeof(TIn), typeof(TOut));
            var reference = slot.Variant == ServingVariants.Shadow || _validator is null
                ? null
                : await _validator.GetReferenceProfileAsync(versionUri, cancellationToken).ConfigureAwait(false);
            var served = new ServedVersion(target.Version, versionUri, target.ArtifactDigest, _time.GetUtcNow(), cause);
            generation = new ModelGeneration<TIn, TOut>(model, served, _options.MaxPooledEngines, Generations, _telemetry.CounterFor(Tags(slot, target.Version)))
            {
                Variant = slot.Variant,
                Checker = InputChecker<TIn>.Create(reference, _options.InputChecks),
                Drift = slot.Variant == ServingVariants.Primary ? OnlineDriftMonitor<TIn>.Create(reference, _options.Drift) : null,
            };
            WarmUp(generation);
            return generation;
        }
        catch
        {
            if (generation is not null)
            {
                generation.Retire();
            }
            else
            {
                model.Dispose();
            }

            throw;
        }
    }

    /// <summary>Creates the first engines (the costly part: ML.NET compiles the row mappers) and predicts one row with each.</summary>
    private void WarmUp(ModelGeneration<TIn, TOut> generation)
    {
        var engines = Math.Min(2, _options.MaxPooledEngines);
        var rented = new List<Microsoft.ML.PredictionEngine<TIn, TOut>>(engines);
        try
        {
            for (var i = 0; i < engines; i++)
            {
                rented.Add(generation.Rent());
            }

            foreach (var engine in rented)
            {
                if (_options.WarmupInput is { } row)
                {
                    engine.Predict(row);
                }
                else if (DefaultRow.Create() is { } fallback)
                {
                    try
                    {
                        engine.Predict(fallback);
                    }
                    catch (Exception e) when (e is not OutOfMemoryException)
                    {
                        ServingLog.DefaultWarmupFailed(_logger, Key, typeof(TIn).Name, e.Message);
                        break;
                    }
                }
            }
        }
        finally
        {
            foreach (var engine in rented)
            {
                generation.Return(engine);
            }
        }
    }

    private KeyValuePair<string, object?>[] Tags(ModelSlot<TIn, TOut> slot, int version)
    {
        // Four attributes at most, in key order: OpenTelemetry's lookup cost grows with each attribute on every
        // recording, and attributes already sorted by key skip its sort. The key is in status, health and the drift
        // gauge; it equals the model name unless one model is served twice.
        var tags = new List<KeyValuePair<string, object?>>(4);
        if (slot.Alias is not null)
        {
            tags.Add(new(MlopsTelemetry.Tags.ModelAlias, slot.Alias));
        }

        tags.Add(new(MlopsTelemetry.Tags.ModelName, ModelName));
        tags.Add(new(MlopsTelemetry.Tags.ModelVersion, version));
        tags.Add(new(MlopsTelemetry.Tags.ServingVariant, slot.Variant));
        return [.. tags];
    }

    private void Fail(ModelSlot<TIn, TOut> slot, int? version, ModelGeneration<TIn, TOut>? current, Exception error)
    {
        var now = _time.GetUtcNow();
        slot.RecordFailure(version, error.Message, now, now + _serving.FailedSwapRetryInterval);
        ServingLog.SwapFailed(_logger, error, Key, slot.Variant, version is null ? slot.TargetUri : $"{ModelName} version {version}",
            current is null ? "nothing" : $"version {current.Version}");
        CountSwap(Tags(slot, version ?? 0), "failed");
    }

    private void CountSwap(KeyValuePair<string, object?>[] tags, string result)
    {
        if (_telemetry.Swaps.Enabled)
        {
            var list = new TagList(tags) { { ServingTelemetry.SwapResult, result } };
            _telemetry.Swaps.Add(1, list);
        }
    }

    private async Task JournalSwapAsync(ModelSlot<TIn, TOut> slot, int? oldVersion, ModelGeneration<TIn, TOut> next, SwapCause cause, TimeSpan elapsed)
    {
        var draft = new JournalDraft(
            JournalKinds.ServingSwapped,
            string.Create(CultureInfo.InvariantCulture, $"model/{ModelName}/{next.Version}"),
            _serving.InstanceName,
            next.Served.Since,
            JournalPayload.Create(
                ("key", Key), ("name", ModelName), ("variant", slot.Variant), ("alias", slot.Alias),
                ("oldVersion", oldVersion), ("newVersion", next.Version), ("causeSequence", cause.JournalSequence),
                ("loadMs", Math.Round(elapsed.TotalMilliseconds, 1)), ("instance", _serving.InstanceName)));
        try
        {
            await _journal.AppendJournalAsync(draft, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // The swap is published and serving is right; the audit entry is what is missing, and the log says so.
            ServingLog.SwapJournalFailed(_logger, e, Key);
        }
    }

    private static class DefaultRow
    {
        private static readonly bool HasDefaultConstructor = typeof(TIn).GetConstructor(Type.EmptyTypes) is not null;

        public static TIn? Create() => HasDefaultConstructor ? Activator.CreateInstance<TIn>() : null;
    }
}
