using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Mlops.Serving.HotSwap;
using Mlops.Serving.Telemetry;

namespace Mlops.Serving.Routing;

/// <summary>
/// Mirrors primary predictions to the shadow variant on one background worker. The caller's cost is bounded: a sampling
/// draw, two row copies and a non-blocking write to a bounded queue; a full queue drops the mirror and counts it.
/// </summary>
internal sealed class ShadowMirror<TIn, TOut> : IAsyncDisposable
    where TIn : class
    where TOut : class, new()
{
    private readonly ModelSlot<TIn, TOut> _slot;
    private readonly ShadowRoute<TOut> _route;
    private readonly Func<TOut, TOut, bool> _agree;
    private readonly ServingTelemetry _telemetry;
    private readonly ILogger _logger;
    private readonly string _key;
    private readonly Channel<Item> _queue;
    private readonly Task _worker;
    private long _compared;
    private long _disagreed;
    private long _dropped;
    private long _failed;

    public ShadowMirror(ModelSlot<TIn, TOut> slot, ShadowRoute<TOut> route, ServingTelemetry telemetry, ILogger logger, string key)
    {
        _slot = slot;
        _route = route;
        _agree = route.OutputsAgree ?? OutputComparer<TOut>.Agree;
        _telemetry = telemetry;
        _logger = logger;
        _key = key;
        _queue = Channel.CreateBounded<Item>(new BoundedChannelOptions(route.MaxQueued) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        _worker = Task.Run(RunAsync);
    }

    public ModelSlot<TIn, TOut> Slot => _slot;

    public ShadowStatistics Statistics => new(
        Interlocked.Read(ref _compared), Interlocked.Read(ref _disagreed), Interlocked.Read(ref _dropped), Interlocked.Read(ref _failed));

    /// <summary>Queues a mirror of a primary prediction (sampled; dropped and counted when the queue is full).</summary>
    public void Mirror(TIn input, TOut primary)
    {
        if (_slot.Current is null || (_route.SampleRate < 1 && Random.Shared.NextDouble() >= _route.SampleRate))
        {
            return;
        }

        // Copies (arrays included), because the caller owns both objects once Predict returns.
        var item = new Item(RowCopy<TIn>.Copy(input), RowCopy<TOut>.Copy(primary), null);
        if (!_queue.Writer.TryWrite(item))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    /// <summary>Returns when every mirror queued before the call has been compared.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var marker = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _queue.Writer.WriteAsync(new Item(null, null, marker), cancellationToken).ConfigureAwait(false);
        await marker.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _worker.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        await foreach (var item in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (item.Marker is { } marker)
            {
                marker.TrySetResult();
                continue;
            }

            Compare(item.Input!, item.Primary!);
        }
    }

    private void Compare(TIn input, TOut primary)
    {
        ModelGeneration<TIn, TOut>? generation;
        while (true)
        {
            generation = _slot.Current;
            if (generation is null)
            {
                return;
            }

            if (generation.TryAcquire())
            {
                break;
            }
        }

        var started = _telemetry.Start();
        try
        {
            var output = generation.PredictOnce(input);
            _telemetry.Record(generation.Predictions, started, 1);
            var agree = _agree(primary, output);
            Interlocked.Increment(ref _compared);
            if (!agree)
            {
                Interlocked.Increment(ref _disagreed);
            }

            if (_telemetry.ShadowComparisons.Enabled)
            {
                var tags = new System.Diagnostics.TagList(generation.Tags) { { ServingTelemetry.ShadowAgreement, agree ? "agree" : "disagree" } };
                _telemetry.ShadowComparisons.Add(1, tags);
            }
        }
        catch (Exception e)
        {
            Interlocked.Increment(ref _failed);
            _telemetry.RecordError(generation.Tags, e);
            ServingLog.ShadowFailed(_logger, e, _key, generation.Version);
        }
        finally
        {
            generation.Release();
        }
    }

    private sealed record Item(TIn? Input, TOut? Primary, TaskCompletionSource? Marker);
}
