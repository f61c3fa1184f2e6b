using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mlops.Storage;

namespace Mlops.Tracking.Metrics;

/// <summary>
/// The non-blocking metric path: callers put value-type points into a bounded channel; one background writer commits
/// them in batches, one store transaction per batch. A flush puts a marker into the same FIFO channel, so when the writer
/// reaches the marker everything logged before the flush has been committed.
/// </summary>
internal sealed partial class MetricPipeline : IAsyncDisposable
{
    // A flush marker is a point whose RunId is this very string instance (compared by reference); its Step carries the flush id.
    private static readonly string FlushMarker = new('\u0001', 1);

    private readonly Channel<MetricPoint> _channel;
    private readonly ITrackingStore _store;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly MetricBackpressure _backpressure;
    private readonly int _batchSize;
    private readonly ConcurrentDictionary<long, TaskCompletionSource> _flushes = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _writer;
    private long _nextFlushId;
    private long _dequeued;
    private long _committed;
    private long _dropped;
    private long _failed;
    private long _lastDropWarningTicks;
    private Exception? _failureSinceLastFlush;
    private int _disposed;

    public MetricPipeline(ITrackingStore store, IOptions<TrackingOptions> options, MlopsInstrumentation instrumentation, TimeProvider time, ILogger<MetricPipeline> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(instrumentation);
        _store = store;
        _time = time;
        _logger = logger;
        Clock = new MetricClock(time);
        var o = options.Value;
        _backpressure = o.Backpressure;
        _batchSize = o.MetricBatchSize;
        _channel = Channel.CreateBounded<MetricPoint>(new BoundedChannelOptions(o.MetricQueueCapacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
            AllowSynchronousContinuations = false,
        });

        var meter = instrumentation.Meter;
        meter.CreateObservableCounter("mlops.tracking.metric.points.logged", () => Logged, "{point}", "Metric points accepted by LogMetric.");
        meter.CreateObservableCounter("mlops.tracking.metric.points.flushed", () => Volatile.Read(ref _committed), "{point}", "Metric points committed to the store.");
        meter.CreateObservableCounter("mlops.tracking.metric.points.dropped", () => Volatile.Read(ref _dropped), "{point}", "Metric points dropped because the queue was full (Drop back-pressure only).");
        meter.CreateObservableCounter("mlops.tracking.metric.points.failed", () => Volatile.Read(ref _failed), "{point}", "Metric points the store refused after retries.");
        meter.CreateObservableUpDownCounter("mlops.tracking.metric.queue.size", () => (long)_channel.Reader.Count, "{point}", "Metric points waiting for the background writer.");

        _writer = Task.Factory.StartNew(RunWriterAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    /// <summary>Points accepted so far: those the writer has taken off the queue plus those still in it.</summary>
    public long Logged => Volatile.Read(ref _dequeued) + _channel.Reader.Count;

    public MetricClock Clock { get; }

    public long Committed => Volatile.Read(ref _committed);

    public long Dropped => Volatile.Read(ref _dropped);

    /// <summary>Queues a point. Allocation-free on the fast path; waits or drops when the queue is full.</summary>
    public void Write(in MetricPoint point)
    {
        if (_channel.Writer.TryWrite(point))
        {
            return;
        }

        WriteSlow(point);
    }

    private void WriteSlow(MetricPoint point)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            throw new ObjectDisposedException(nameof(MetricPipeline), "The metric pipeline has stopped; no more metrics can be logged.");
        }

        if (_backpressure == MetricBackpressure.Drop)
        {
            var dropped = Interlocked.Increment(ref _dropped);
            var now = _time.GetTimestamp();
            var last = Volatile.Read(ref _lastDropWarningTicks);
            if ((last == 0 || _time.GetElapsedTime(last, now) >= TimeSpan.FromSeconds(5))
                && Interlocked.CompareExchange(ref _lastDropWarningTicks, now, last) == last)
            {
                LogDropped(_logger, dropped);
            }

            return;
        }

        try
        {
            // Back-pressure: block this caller until the writer makes room (the thread pool compensates for the block).
            _channel.Writer.WriteAsync(point, _stopping.Token).AsTask().GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is ChannelClosedException or OperationCanceledException)
        {
            throw new ObjectDisposedException(nameof(MetricPipeline), "The metric pipeline has stopped; no more metrics can be logged.");
        }
    }

    /// <summary>Completes when every point queued before the call is committed; throws if any of them failed to commit.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0 && _writer.IsCompleted, this);
        var id = Interlocked.Increment(ref _nextFlushId);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _flushes[id] = done;
        try
        {
            await _channel.Writer.WriteAsync(new MetricPoint(FlushMarker, string.Empty, 0, id, 0), cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            _flushes.TryRemove(id, out _);
            await _writer.ConfigureAwait(false); // disposal drains and commits everything that was queued
            return;
        }
        catch
        {
            _flushes.TryRemove(id, out _);
            throw;
        }

        await done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task RunWriterAsync()
    {
        var reader = _channel.Reader;
        var batch = new MetricPoint[_batchSize];
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            var count = 0;
            while (reader.TryRead(out var point))
            {
                if (ReferenceEquals(point.RunId, FlushMarker))
                {
                    await CommitAsync(batch, count).ConfigureAwait(false);
                    count = 0;
                    CompleteFlush(point.Step);
                    continue;
                }

                Volatile.Write(ref _dequeued, _dequeued + 1);
                batch[count++] = point;
                if (count == batch.Length)
                {
                    await CommitAsync(batch, count).ConfigureAwait(false);
                    count = 0;
                }
            }

            await CommitAsync(batch, count).ConfigureAwait(false);
        }

        // The channel is complete: release any flush that raced with disposal.
        foreach (var id in _flushes.Keys)
        {
            CompleteFlush(id);
        }
    }

    private async Task CommitAsync(MetricPoint[] batch, int count)
    {
        if (count == 0)
        {
            return;
        }

        const int Attempts = 5;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _store.AppendMetricsAsync(batch.AsMemory(0, count), CancellationToken.None).ConfigureAwait(false);
                Interlocked.Add(ref _committed, count);
                break;
            }
            // Not retried: a caller's mistake, or a commit whose outcome is unknown (sending the batch again could store
            // every point twice); both are reported by the next flush.
            catch (Exception e) when (attempt < Attempts && e is not (MlopsNotFoundException or MlopsValidationException or MlopsStorageException { OutcomeUnknown: true }))
            {
                LogCommitRetry(_logger, e, count, attempt);
                // Real time: the store's trouble is real, and a clock driven by hand (tests) must not hold the writer.
                await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt * attempt), TimeProvider.System).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                Interlocked.Add(ref _failed, count);
                _failureSinceLastFlush = e;
                LogCommitFailed(_logger, e, count);
                break;
            }
        }

        Array.Clear(batch, 0, count); // don't keep run ids and keys alive
    }

    private void CompleteFlush(long id)
    {
        if (_flushes.TryRemove(id, out var done))
        {
            var failure = Interlocked.Exchange(ref _failureSinceLastFlush, null);
            if (failure is null)
            {
                done.TrySetResult();
            }
            else
            {
                done.TrySetException(failure is MlopsStorageException { OutcomeUnknown: true }
                    ? new MlopsStorageException("Some metric points logged before this flush may or may not have been stored (they were not sent again, "
                        + "so none is stored twice): " + failure.Message, failure, outcomeUnknown: true)
                    : new MlopsStorageException("Some metric points logged before this flush could not be stored: " + failure.Message, failure));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _channel.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        await _stopping.CancelAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    [LoggerMessage(1, LogLevel.Warning, "Metric queue full: dropped a metric point ({Dropped} dropped so far). Raise TrackingOptions.MetricQueueCapacity or use Backpressure = Wait.")]
    private static partial void LogDropped(ILogger logger, long dropped);

    [LoggerMessage(2, LogLevel.Warning, "Committing {Count} metric points failed (attempt {Attempt}); retrying.")]
    private static partial void LogCommitRetry(ILogger logger, Exception exception, int count, int attempt);

    [LoggerMessage(3, LogLevel.Error, "Committing {Count} metric points failed; they are lost and the next flush reports it.")]
    private static partial void LogCommitFailed(ILogger logger, Exception exception, int count);
}
