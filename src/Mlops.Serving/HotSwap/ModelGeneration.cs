using System.Diagnostics;
using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;
using Mlops.Registry;
using Mlops.Serving.Drift;
using Mlops.Serving.Telemetry;

namespace Mlops.Serving.HotSwap;

/// <summary>
/// One loaded model version with its own pool of prediction engines. Predictions lease the generation, so that it is
/// disposed (engines, then the model) exactly once: when it has been retired and its last lease is released.
/// </summary>
internal sealed class ModelGeneration<TIn, TOut>
    where TIn : class
    where TOut : class, new()
{
    // Leases in the low bits; the retired flag in a high bit, so that both change in one atomic operation.
    private const int RetiredFlag = 1 << 30;

    private readonly LoadedModel _model;
    private readonly ObjectPool<PredictionEngine<TIn, TOut>> _pool;
    private readonly GenerationCounter _counter;
    private int _state;

    public ModelGeneration(LoadedModel model, ServedVersion served, int maxPooled, GenerationCounter counter, PredictionCounter predictions)
    {
        _model = model;
        Served = served;
        _counter = counter;
        Predictions = predictions;
        var provider = new DefaultObjectPoolProvider { MaximumRetained = maxPooled };

        // PredictionEngine is IDisposable, so this is a disposable pool: disposing it disposes the engines it holds, and an
        // engine returned after that is disposed on return.
        _pool = provider.Create(new EnginePolicy(model));
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

    public bool IsDisposed { get; private set; }

    public bool TryAcquire()
    {
        while (true)
        {
            var state = Volatile.Read(ref _state);
            if ((state & RetiredFlag) != 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _state, state + 1, state) == state)
            {
                return true;
            }
        }
    }

    public void Release()
    {
        if (Interlocked.Decrement(ref _state) == RetiredFlag)
        {
            DisposeCore();
        }
    }

    /// <summary>Stops new leases; disposes now if none is out, else when the last one is released. Retiring again does nothing.</summary>
    public void Retire()
    {
        while (true)
        {
            var state = Volatile.Read(ref _state);
            if ((state & RetiredFlag) != 0)
            {
                return; // Adding the flag twice would carry it out of its bit and let leases in again.
            }

            if (Interlocked.CompareExchange(ref _state, state | RetiredFlag, state) == state)
            {
                if (state == 0)
                {
                    DisposeCore();
                }

                return;
            }
        }
    }

    public PredictionEngine<TIn, TOut> Rent() => _pool.Get();

    public void Return(PredictionEngine<TIn, TOut> engine) => _pool.Return(engine);

    public TOut PredictOnce(TIn input)
    {
        var engine = _pool.Get();
        try
        {
            return engine.Predict(input);
        }
        finally
        {
            _pool.Return(engine);
        }
    }

    private void DisposeCore()
    {
        Debug.Assert(!IsDisposed, "a generation is disposed once");
        IsDisposed = true;
        (_pool as IDisposable)?.Dispose();
        _model.Dispose();
        _counter.Disposed();
    }

    private sealed class EnginePolicy(LoadedModel model) : IPooledObjectPolicy<PredictionEngine<TIn, TOut>>
    {
        public PredictionEngine<TIn, TOut> Create() => model.CreatePredictionEngine<TIn, TOut>();

        public bool Return(PredictionEngine<TIn, TOut> obj) => true;
    }
}
