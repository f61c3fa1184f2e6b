using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Mlops.Journal;
using Mlops.Serving;
using Mlops.Storage;

namespace Mlops.Governance;

/// <summary>
/// Records sampled predictions: serializes and redacts on the caller's thread (the caller owns the rows once Predict
/// returns), then makes one non-blocking write to a bounded buffer — a full buffer drops the record and counts it. The
/// writer job (or <see cref="FlushAsync"/>) drains the buffer in batches into the store. Records leave the buffer only
/// under the write gate and are written before it is released, so a flush returns only when everything enqueued before
/// it is stored (or counted as failed).
/// </summary>
internal sealed class InferenceRecorder : IInferenceRecorder, IInferenceRecords, IDisposable
{
    private readonly InferenceRecordOptions _options;
    private readonly IGovernanceStore _store;
    private readonly IAccessGuard _access;
    private readonly IActorAccessor _actors;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly InferenceRecordSerializer _serializer;
    private readonly Channel<InferenceRecord> _buffer;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Counter<long> _droppedCounter;
    private readonly Counter<long> _writtenCounter;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, System.Runtime.CompilerServices.StrongBox<long>> _draws = new(StringComparer.Ordinal);
    private long _enqueued;
    private long _written;
    private long _dropped;
    private long _failed;
    private string? _lastError;

    public InferenceRecorder(InferenceRecordOptions options, IGovernanceStore store, IAccessGuard access, IActorAccessor actors, TimeProvider time, MlopsInstrumentation instrumentation, ILogger logger)
    {
        _options = options;
        _store = store;
        _access = access;
        _actors = actors;
        _time = time;
        _logger = logger;
        _serializer = new InferenceRecordSerializer(options);
        _buffer = Channel.CreateBounded<InferenceRecord>(new BoundedChannelOptions(options.BufferCapacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });
        _droppedCounter = instrumentation.Meter.CreateCounter<long>(
            "mlops.governance.inference_records.dropped", unit: "{record}", description: "Sampled predictions not recorded because the inference record buffer was full.");
        _writtenCounter = instrumentation.Meter.CreateCounter<long>(
            "mlops.governance.inference_records.written", unit: "{record}", description: "Inference records appended to the store.");
    }

    public InferenceRecordStatus Status => new(
        Interlocked.Read(ref _enqueued), Interlocked.Read(ref _written), Interlocked.Read(ref _dropped), Interlocked.Read(ref _failed),
        _buffer.Reader.Count, Volatile.Read(ref _lastError));

    /// <summary>Records in the buffer now (the writer job lets a partial batch fill for <see cref="InferenceRecordOptions.FlushInterval"/>).</summary>
    internal int Queued => _buffer.Reader.Count;

    public bool Records(string key, string modelName)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(modelName);
        return _options.Models.Count == 0 || _options.Models.Contains(key) || _options.Models.Contains(modelName);
    }

    public bool Sample(string key)
    {
        var rate = _options.SampleRate;
        if (rate >= 1)
        {
            return true;
        }

        // Systematic sampling per served model: the n-th draw of a model hits when it crosses the next multiple of 1/rate,
        // so exactly that share of each model's rows is kept, whatever the interleaving of models.
        var draws = _draws.GetOrAdd(key, static _ => new System.Runtime.CompilerServices.StrongBox<long>());
        var n = Interlocked.Increment(ref draws.Value);
        return Math.Floor(n * rate) > Math.Floor((n - 1) * rate);
    }

    public void Record<TIn, TOut>(ServedInference<TIn, TOut> inference)
        where TIn : class
        where TOut : class
    {
        ArgumentNullException.ThrowIfNull(inference);
        InferenceRecord record;
        try
        {
            var (input, hash) = _serializer.Input(inference.Input);
            record = new InferenceRecord(
                0, inference.Timestamp, inference.ModelName, inference.Version, inference.ModelDigest, inference.Variant,
                input, hash, InferenceRecordSerializer.Output(inference.Output), inference.TraceId);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Interlocked.Increment(ref _failed);
            Volatile.Write(ref _lastError, e.Message);
            InferenceRecordLog.SerializeFailed(_logger, e, inference.ModelName);
            return;
        }

        if (_buffer.Writer.TryWrite(record))
        {
            Interlocked.Increment(ref _enqueued);
            return;
        }

        // Full: drop, never wait — the prediction path must not stall on the store. Counted; logged on the first drop and
        // every 10,000th after, so that a long overload does not flood the log.
        if (Interlocked.Increment(ref _dropped) % 10_000 == 1)
        {
            InferenceRecordLog.BufferFull(_logger, _options.BufferCapacity);
        }

        _droppedCounter.Add(1, new KeyValuePair<string, object?>(MlopsTelemetry.Tags.ModelName, inference.ModelName));
    }

    public async Task<IReadOnlyList<InferenceRecord>> ReadAsync(InferenceRecordQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.ModelName is { } name)
        {
            await _access.DemandAsync(ResourceKind.RegisteredModel, name, PermissionLevel.Read, cancellationToken).ConfigureAwait(false);
        }

        var records = await _store.ReadInferenceRecordsAsync(query, cancellationToken).ConfigureAwait(false);
        if (query.ModelName is null)
        {
            // No model named: the caller needs read access to every model the page holds.
            foreach (var model in records.Select(r => r.ModelName).Distinct(StringComparer.Ordinal))
            {
                await _access.DemandAsync(ResourceKind.RegisteredModel, model, PermissionLevel.Read, cancellationToken).ConfigureAwait(false);
            }
        }

        return records;
    }

    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (true)
            {
                var batch = new List<InferenceRecord>(Math.Min(_options.BatchSize, Math.Max(1, _buffer.Reader.Count)));
                while (batch.Count < _options.BatchSize && _buffer.Reader.TryRead(out var record))
                {
                    batch.Add(record);
                }

                if (batch.Count == 0)
                {
                    return;
                }

                await WriteAsync(batch, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<long> PurgeExpiredAsync(CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var cutoff = now - _options.Retention;

        // Nothing expired: no transaction and no journal entry (the job runs daily; an entry a day that says "0" is noise).
        var expired = await _store.ReadInferenceRecordsAsync(new InferenceRecordQuery { To = cutoff, MaxResults = 1 }, cancellationToken).ConfigureAwait(false);
        if (expired.Count == 0)
        {
            return 0;
        }

        var actor = _actors.CurrentActor;
        var count = await _store.PurgeInferenceRecordsAsync(
            cutoff,
            deleted => new JournalDraft(
                JournalKinds.InferenceRecordsPurged,
                "inference-records",
                actor,
                now,
                JournalPayload.Create(("cutoff", cutoff), ("retentionDays", _options.Retention.TotalDays), ("count", deleted))),
            cancellationToken).ConfigureAwait(false);
        InferenceRecordLog.Purged(_logger, count, cutoff);
        return count;
    }

    /// <summary>Waits until the buffer holds a record (for the writer job).</summary>
    internal ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken) => _buffer.Reader.WaitToReadAsync(cancellationToken);

    public void Dispose()
    {
        _buffer.Writer.TryComplete();

        // What is still buffered will never be written: count it as dropped rather than let it vanish.
        var left = 0;
        while (_buffer.Reader.TryRead(out _))
        {
            left++;
        }

        if (left > 0)
        {
            Interlocked.Add(ref _dropped, left);
            InferenceRecordLog.DroppedAtDisposal(_logger, left);
        }

        _gate.Dispose();
    }

    private async Task WriteAsync(List<InferenceRecord> batch, CancellationToken cancellationToken)
    {
        try
        {
            await _store.AppendInferenceRecordsAsync(batch, cancellationToken).ConfigureAwait(false);
            Interlocked.Add(ref _written, batch.Count);
            _writtenCounter.Add(batch.Count);
        }
        catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown interrupted the write: the batch left the buffer, so it is counted as failed, never lost silently.
            Interlocked.Add(ref _failed, batch.Count);
            Volatile.Write(ref _lastError, "the write was cancelled at shutdown");
            InferenceRecordLog.WriteFailed(_logger, e, batch.Count);
            throw;
        }
        catch (Exception e)
        {
            // Counted and logged, never silent; the buffer keeps accepting so that one outage does not stop recording.
            Interlocked.Add(ref _failed, batch.Count);
            Volatile.Write(ref _lastError, e.Message);
            InferenceRecordLog.WriteFailed(_logger, e, batch.Count);
        }
    }
}
