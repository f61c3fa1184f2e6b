using Microsoft.ML;

namespace Mlops.Registry;

/// <summary>
/// A model version loaded into memory: an ML.NET <see cref="ITransformer"/> (whatever the flavor) with the schema it
/// expects, ready for <see cref="MLContext.Model"/> prediction engines. Dispose it when no longer used.
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

    /// <summary>Creates a prediction engine (not thread-safe; pool them) mapping <typeparamref name="TIn"/> to <typeparamref name="TOut"/>.</summary>
    public PredictionEngine<TIn, TOut> CreatePredictionEngine<TIn, TOut>()
        where TIn : class
        where TOut : class, new() =>
        Context.Model.CreatePredictionEngine<TIn, TOut>(Transformer, InputSchema);

    /// <inheritdoc />
    public void Dispose() => (Transformer as IDisposable)?.Dispose();
}
