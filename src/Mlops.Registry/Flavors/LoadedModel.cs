using Microsoft.ML;
using Microsoft.ML.Data;

namespace Mlops.Registry;

/// <summary>
/// A model version loaded into memory: an ML.NET <see cref="ITransformer"/> (whatever the flavor) with the schema it
/// expects, ready for <see cref="MLContext.Model"/> prediction engines. A model from <c>IModelRegistry.LoadOwnedAsync</c>
/// (or created by a flavor) belongs to the caller: dispose it when no longer used. A model from
/// <c>IModelRegistry.LoadAsync</c> is cached and shared: its <see cref="Dispose"/> does nothing (so a <c>using</c> cannot
/// break it for the other users), and the registry disposes it when it leaves the cache.
/// </summary>
public sealed class LoadedModel : IDisposable
{
    /// <summary>Creates a loaded model.</summary>
    public LoadedModel(ModelVersion version, MLContext mlContext, ITransformer transformer, DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(transformer);
        ArgumentNullException.ThrowIfNull(inputSchema);
        Version = version;
        Context = mlContext;
        Transformer = transformer;
        InputSchema = inputSchema;
        _engineTransformer = new EngineTransformer(transformer);
    }

    /// <summary>The version this was loaded from.</summary>
    public ModelVersion Version { get; }

    /// <summary>The ML.NET context the transformer belongs to.</summary>
    public MLContext Context { get; }

    /// <summary>The scoring transformer.</summary>
    public ITransformer Transformer { get; }

    /// <summary>The input schema the transformer expects.</summary>
    public DataViewSchema InputSchema { get; }

    /// <summary>The output schema the transformer produces from <see cref="InputSchema"/>.</summary>
    public DataViewSchema OutputSchema => Transformer.GetOutputSchema(InputSchema);

    /// <summary>
    /// Creates a prediction engine (not thread-safe; pool them) mapping <typeparamref name="TIn"/> to
    /// <typeparamref name="TOut"/>. Disposing the engine leaves this model usable: the model, not the engine, owns the
    /// transformer (ML.NET's own engines dispose the transformer they were made from, which for an ONNX model closes
    /// the inference session every other engine of the model uses).
    /// </summary>
    public PredictionEngine<TIn, TOut> CreatePredictionEngine<TIn, TOut>()
        where TIn : class
        where TOut : class, new() =>
        Context.Model.CreatePredictionEngine<TIn, TOut>(_engineTransformer, InputSchema);

    /// <summary>Whether the registry's cache owns this model (then <see cref="Dispose"/> leaves it alone).</summary>
    public bool IsShared => _shared;

    private volatile bool _shared;

    private readonly EngineTransformer _engineTransformer;

    /// <summary>Disposes the transformer (an ONNX session, for example), unless the model is shared by the registry's cache.</summary>
    public void Dispose()
    {
        if (!_shared)
        {
            (Transformer as IDisposable)?.Dispose();
        }
    }

    /// <summary>Hands the model to the registry's cache: from now on only <see cref="DisposeShared"/> disposes it.</summary>
    internal void MarkShared() => _shared = true;

    /// <summary>The cache's disposal, when the model is evicted or the registry disposed.</summary>
    internal void DisposeShared() => (Transformer as IDisposable)?.Dispose();

    /// <summary>
    /// The transformer as prediction engines see it: every call passes through, but it is not <see cref="IDisposable"/>,
    /// so an engine's <c>Dispose</c> cannot dispose the model's transformer.
    /// </summary>
    private sealed class EngineTransformer(ITransformer inner) : ITransformer
    {
        public bool IsRowToRowMapper => inner.IsRowToRowMapper;

        public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => inner.GetOutputSchema(inputSchema);

        public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => inner.GetRowToRowMapper(inputSchema);

        public IDataView Transform(IDataView input) => inner.Transform(input);

        void ICanSaveModel.Save(ModelSaveContext ctx) => inner.Save(ctx);
    }
}
