namespace Mlops.Serving;

/// <summary>One served prediction as an <see cref="IInferenceRecorder"/> sees it.</summary>
/// <typeparam name="TIn">The input row type.</typeparam>
/// <typeparam name="TOut">The output row type.</typeparam>
/// <param name="Timestamp">When it was predicted.</param>
/// <param name="Key">The served model's key.</param>
/// <param name="ModelName">The registered model.</param>
/// <param name="Version">The version that answered.</param>
/// <param name="ModelDigest">The SHA-256 of that version's model file.</param>
/// <param name="Variant">The variant that answered (<see cref="ServingVariants"/>).</param>
/// <param name="Input">The input row (owned by the caller).</param>
/// <param name="Output">The output row (owned by the caller).</param>
/// <param name="TraceId">The W3C trace id of the current activity, when there is one.</param>
public sealed record ServedInference<TIn, TOut>(
    DateTimeOffset Timestamp,
    string Key,
    string ModelName,
    int Version,
    string ModelDigest,
    string Variant,
    TIn Input,
    TOut Output,
    string? TraceId)
    where TIn : class
    where TOut : class;
