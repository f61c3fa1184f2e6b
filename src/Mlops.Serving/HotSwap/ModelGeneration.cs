using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;
using Mlops.Registry;
using Mlops.Serving.Drift;
using Mlops.Serving.Telemetry;

namespace Mlops.Serving.HotSwap;

/// <summary>
/// One loaded model version with its prediction engines. Predictions lease the generation, so that it is disposed
/// (engines, then the model) exactly once: when it has been retired and its last lease is released.
/// </summary>
/// <remarks>
/// Nothing a prediction writes is shared between threads on different <see cref="ThreadStripe"/>s: a lease increments
/// the count of the caller's stripe (one cache line per stripe) and reads the retired flag, which changes once; the
/// engine comes from the stripe's own slot. Two threads predicting at once thus do not pass a cache line between cores
/// on every call, as one shared lease counter and one shared pool head did. Retiring sets the flag, then sums the
/// stripes; a lease taken after the flag is given back at once. Every count and the flag change through interlocked
/// operations (full fences), so whoever sees the flag set and the sum at zero last (the retirer or the last releaser)
/// disposes, guarded by a once-only exchange.
/// </remarks>
internal sealed class ModelGeneration<TIn, TOut>
    where TIn : class
    where TOut : class, new()
{
    private const int Stride = ThreadStripe.Stride;

    private readonly LoadedModel _model;
    private readonly GenerationCounter _counter;

    // Leases per stripe, one cache line apart: the count of stripe s is _leases[s * Stride].
    private readonly long[] _leases = new long[ThreadStripe.Count * Stride];

    // One cached engine per engine slot (stripe modulo the slot count), one cache line apart: slot i is _engines[i * Stride].
    private readonly PredictionEngine<TIn, TOut>?[] _engines;
    private readonly int _slots;

    // Engines beyond the slots, up to MaxPooledEngines in all; null when the slots already hold that many.
    private readonly ObjectPool<PredictionEngine<TIn, TOut>>? _overflow;
    private int _retired;
    private int _disposed;

    public ModelGeneration(LoadedModel model, ServedVersion served, int maxPooled, GenerationCounter counter, PredictionCounter predictions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPooled, 1);
        _model = model;
        Served = served;
        _counter = counter;
        Predictions = predictions;
        _slots = Math.Min(ThreadStripe.Count, maxPooled);
        _engines = new PredictionEngine<TIn, TOut>?[_slots * Stride];
        if (maxPooled > _slots)
        {
            // PredictionEngine is IDisposable, so this is a disposable pool: disposing it disposes the engines it holds.
            _overflow = new DefaultObjectPoolProvider { MaximumRetained = maxPooled - _slots }.Create(new EnginePolicy(model));
        }

        counter.Created();
    }

    public ServedVersion Served { get; }

    /// <summary>The variant this generation serves: primary, canary or shadow.</summary>
    public required string Variant { get; init; }

    public int Version => Served.Version;

    public ModelVersion ModelVersion => _model.Version;

    /// <summary>The rows counter of this generation's attribute set; its tags are the generation's telemetry tags.</summary>
    public PredictionCounter Predictions { get; }

    /// <summary>Telemetry tags of this generation (name, version boxed once, alias, variant).</summary>
    public KeyValuePair<string, object?>[] Tags => Predictions.Tags;

    public InputChecker<TIn>? Checker { get; init; }

    public OnlineDriftMonitor<TIn>? Drift { get; init; }

    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>
    /// Leases this generation on the calling thread's stripe, unless it is retired. Give the lease back with
    /// <see cref="Release"/> and the same <paramref name="stripe"/>, from any thread.
    /// </summary>
    public bool TryAcquire(out int stripe)
    {
        stripe = ThreadStripe.Current;
        Interlocked.Increment(ref _leases[stripe * Stride]);
        if (Volatile.Read(ref _retired) == 0)
        {
            return true;
        }

        Release(stripe);
        return false;
    }

    public void Release(int stripe)
    {
        Interlocked.Decrement(ref _leases[stripe * Stride]);
        if (Volatile.Read(ref _retired) != 0)
        {
            DisposeIfIdle();
        }
    }

    /// <summary>Stops new leases; disposes now if none is out, else when the last one is released. Retiring twice does nothing more.</summary>
    public void Retire()
    {
        if (Interlocked.Exchange(ref _retired, 1) == 0)
        {
            DisposeIfIdle();
        }
    }

    /// <summary>An engine for the caller: the one cached in its stripe's slot, else one from the overflow pool, else a new one.</summary>
    public PredictionEngine<TIn, TOut> Rent(int stripe) =>
        Interlocked.Exchange(ref _engines[stripe % _slots * Stride], null)
        ?? _overflow?.Get()
        ?? _model.CreatePredictionEngine<TIn, TOut>();

    /// <summary>Gives an engine back: to the stripe's slot when it is empty, else to the overflow pool, else disposes it.</summary>
    public void Return(int stripe, PredictionEngine<TIn, TOut> engine)
    {
        if (Interlocked.CompareExchange(ref _engines[stripe % _slots * Stride], engine, null) is null)
        {
            return;
        }

        if (_overflow is not null)
        {
            _overflow.Return(engine);
        }
        else
        {
            engine.Dispose();
        }
    }

    public TOut PredictOnce(int stripe, TIn input)
    {
        var engine = Rent(stripe);
        try
        {
            return engine.Predict(input);
        }
        finally
        {
            Return(stripe, engine);
        }
    }

    private void DisposeIfIdle()
    {
        long leases = 0;
        for (var i = 0; i < _leases.Length; i += Stride)
        {
            leases += Volatile.Read(ref _leases[i]);
        }

        if (leases == 0 && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            DisposeCore();
        }
    }

    private void DisposeCore()
    {
        for (var i = 0; i < _engines.Length; i += Stride)
        {
            Interlocked.Exchange(ref _engines[i], null)?.Dispose();
        }

        (_overflow as IDisposable)?.Dispose();
        _model.Dispose();
        _counter.Disposed();
    }

    private sealed class EnginePolicy(LoadedModel model) : IPooledObjectPolicy<PredictionEngine<TIn, TOut>>
    {
        public PredictionEngine<TIn, TOut> Create() => model.CreatePredictionEngine<TIn, TOut>();

        public bool Return(PredictionEngine<TIn, TOut> obj) => true;
    }
}
