namespace Mlops.Serving;

/// <summary>
/// Predicts with whichever version of a registered model is live: inject it (keyed by the served model's key when several
/// models share the types) and never think about versions. Safe to use from many threads; every call rents a prediction
/// engine from the live model generation's pool and returns it to the same generation.
/// </summary>
/// <typeparam name="TIn">The input row type, mapped to the model's input columns as ML.NET maps it.</typeparam>
/// <typeparam name="TOut">The output row type, mapped from the model's output columns.</typeparam>
public interface IPredictor<TIn, TOut>
    where TIn : class
    where TOut : class, new()
{
    /// <summary>The served model's key (the keyed-service key; the model name unless configured).</summary>
    string Key { get; }

    /// <summary>Which version is live, since when and why, with health, routing and drift.</summary>
    ServedModelStatus Status { get; }

    /// <summary>
    /// Predicts one row. Throws <see cref="MlopsModelUnavailableException"/> while no version is loaded yet and
    /// <see cref="MlopsValidationException"/> naming the field when input checks reject the row.
    /// </summary>
    TOut Predict(TIn input);

    /// <summary>Predicts one row; <paramref name="routingKey"/> (such as a user id) keeps the same key on the same canary variant.</summary>
    TOut Predict(TIn input, string? routingKey);

    /// <summary>Predicts one row and tells which version and variant answered and which input issues were flagged.</summary>
    Prediction<TOut> PredictWithDetails(TIn input, string? routingKey = null);

    /// <summary>Predicts rows in order with one engine rental; one routing decision covers the batch.</summary>
    IReadOnlyList<TOut> PredictBatch(IReadOnlyList<TIn> inputs, string? routingKey = null);

    /// <summary>Like <see cref="Predict(TIn)"/>, but waits for the first version to be loaded instead of failing.</summary>
    ValueTask<TOut> PredictAsync(TIn input, string? routingKey = null, CancellationToken cancellationToken = default);

    /// <summary>Like <see cref="PredictBatch"/>, but waits for the first version to be loaded instead of failing.</summary>
    ValueTask<IReadOnlyList<TOut>> PredictBatchAsync(IReadOnlyList<TIn> inputs, string? routingKey = null, CancellationToken cancellationToken = default);
}
