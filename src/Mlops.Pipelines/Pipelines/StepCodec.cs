using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mlops.Pipelines;

/// <summary>
/// How a step's output becomes bytes (the artifact the executor stores and digests, the cache's currency) and back.
/// The digest of those bytes is the output's identity: a downstream step's cache key includes it.
/// </summary>
/// <typeparam name="T">The output type.</typeparam>
public abstract class StepCodec<T>
{
    /// <summary>The artifact's file name under the step run's <c>output/</c> directory, such as <c>output.json</c>.</summary>
    public abstract string FileName { get; }

    /// <summary>Writes <paramref name="value"/>. The same value must always give the same bytes, or caching never hits.</summary>
    public abstract Task WriteAsync(T value, Stream destination, CancellationToken cancellationToken);

    /// <summary>Reads a value written by <see cref="WriteAsync"/>.</summary>
    public abstract Task<T> ReadAsync(Stream source, CancellationToken cancellationToken);
}

/// <summary>Ready-made codecs.</summary>
public static class StepCodec
{
    private static readonly JsonSerializerOptions WebOptions = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>
    /// System.Text.Json unless <paramref name="options"/> are given: the web defaults (camelCase names) plus NaN and ±Infinity
    /// as "NaN"/"Infinity" strings, since missing measurements are NaN in ML.NET rows.
    /// </summary>
    public static StepCodec<T> Json<T>(JsonSerializerOptions? options = null) => options is null ? Default<T>.Instance : new JsonStepCodec<T>(options);

    private static class Default<T>
    {
        public static readonly JsonStepCodec<T> Instance = new(WebOptions);
    }
}

/// <summary>A <see cref="StepCodec{T}"/> over System.Text.Json.</summary>
/// <typeparam name="T">The output type.</typeparam>
/// <param name="options">The serializer options.</param>
public sealed class JsonStepCodec<T>(JsonSerializerOptions options) : StepCodec<T>
{
    /// <inheritdoc />
    public override string FileName => "output.json";

    /// <inheritdoc />
    public override Task WriteAsync(T value, Stream destination, CancellationToken cancellationToken) =>
        JsonSerializer.SerializeAsync(destination, value, options, cancellationToken);

    /// <inheritdoc />
    public override async Task<T> ReadAsync(Stream source, CancellationToken cancellationToken) =>
        (await JsonSerializer.DeserializeAsync<T>(source, options, cancellationToken).ConfigureAwait(false))!;
}
