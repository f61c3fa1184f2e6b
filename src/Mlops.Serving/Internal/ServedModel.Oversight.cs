using Mlops.Governance;
using Mlops.Journal;
using Mlops.Serving.Oversight;
using Mlops.Serving.Telemetry;
using Mlops.Storage;

namespace Mlops.Serving.Internal;

/// <summary>The kill switch (human oversight): the model's serving control, read from the store and followed through the journal.</summary>
internal sealed partial class ServedModel<TIn, TOut>
{
    private readonly IGovernanceStore? _governance;
    private readonly KeyValuePair<string, object?>[] _fallbackTags;
    private ServingDisabled? _disabled;
    private PredictionCounter? _fallbackCounter;

    // Read at the first refresh, then again whenever the journal says the control changed (or a read failed).
    private bool _controlDirty = true;

    /// <summary>Notes a kill-switch entry for this model; <see langword="true"/> when the entry was one.</summary>
    private bool ObserveControl(JournalEntry entry)
    {
        if (entry.Kind is not (JournalKinds.ModelServingDisabled or JournalKinds.ModelServingEnabled))
        {
            return false;
        }

        if (string.Equals(entry.Subject, "model/" + ModelName, StringComparison.Ordinal))
        {
            _controlDirty = true;
        }

        return true;
    }

    /// <summary>
    /// Reads the control record when it may have changed. The record, not the entry's payload, is the truth: entries
    /// replayed out of order, or written by several instances, end in whatever the record says now.
    /// </summary>
    private async Task RefreshControlAsync(CancellationToken cancellationToken)
    {
        if (!_controlDirty || _governance is null)
        {
            return;
        }

        ServingDisabled? next;
        try
        {
            var record = await _governance.GetGovernanceRecordAsync(GovernanceRecordKinds.ModelControl, ModelName, cancellationToken).ConfigureAwait(false);
            next = ModelControl.Read(record);
        }
        catch (Exception e) when (e is MlopsException or System.Text.Json.JsonException)
        {
            // Keep the state we have (serving stays as it was) and retry at the next sync.
            ServingLog.ControlReadFailed(_logger, e, Key, ModelName);
            return;
        }

        _controlDirty = false;
        var previous = Volatile.Read(ref _disabled);
        if (next == previous)
        {
            return;
        }

        Volatile.Write(ref _disabled, next);
        if (next is not null)
        {
            ServingLog.Disabled(_logger, Key, ModelName, next.Actor, next.Since, _options.Fallback is null ? "callers get MlopsModelDisabledException" : "the fallback answers", next.Reason);
        }
        else
        {
            ServingLog.Enabled(_logger, Key, ModelName);
        }
    }

    /// <summary>Answers one row while stopped: from the fallback, or with the typed error (counted either way).</summary>
    private TOut AnswerStopped(ServingDisabled stopped, TIn input)
    {
        var fallback = _options.Fallback ?? throw Stopped(stopped);
        var started = _telemetry.Start();
        TOut output;
        try
        {
            output = fallback(input);
        }
        catch (Exception e)
        {
            _telemetry.RecordError(_fallbackTags, e);
            throw;
        }

        _telemetry.Record(FallbackCounter, started, 1);
        return output;
    }

    private TOut[] AnswerStopped(ServingDisabled stopped, IReadOnlyList<TIn> inputs)
    {
        var fallback = _options.Fallback ?? throw Stopped(stopped);
        var started = _telemetry.Start();
        var outputs = new TOut[inputs.Count];
        try
        {
            for (var i = 0; i < outputs.Length; i++)
            {
                outputs[i] = fallback(inputs[i] ?? throw new ArgumentException($"Row {i} of the batch is null.", nameof(inputs)));
            }
        }
        catch (Exception e)
        {
            _telemetry.RecordError(_fallbackTags, e);
            throw;
        }

        _telemetry.Record(FallbackCounter, started, outputs.Length);
        return outputs;
    }

    private PredictionCounter FallbackCounter => _fallbackCounter ??= _telemetry.CounterFor(_fallbackTags);

    private MlopsModelDisabledException Stopped(ServingDisabled stopped)
    {
        var error = new MlopsModelDisabledException(Key, ModelName, stopped.Reason, stopped.Actor, stopped.Since);
        _telemetry.RecordError(_fallbackTags, error);
        return error;
    }
}
