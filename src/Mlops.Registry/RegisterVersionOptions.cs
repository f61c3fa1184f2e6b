namespace Mlops.Registry;

/// <summary>What to record with a new model version, and the C# types to check its schema against.</summary>
public sealed record RegisterVersionOptions
{
    /// <summary>A description of the version (at most 5000 characters).</summary>
    public string? Description { get; init; }

    /// <summary>Tags set on the version at registration.</summary>
    public IReadOnlyDictionary<string, string>? Tags { get; init; }

    /// <summary>
    /// The C# type the model will be fed. When set, every column the model reads must be in it with a compatible type and
    /// vector size, else registration fails with <see cref="MlopsSchemaMismatchException"/>; its columns become the signature's inputs.
    /// </summary>
    public Type? InputType { get; init; }

    /// <summary>
    /// The C# type predictions will be read into. When set, every column it declares must be produced by the model with a
    /// compatible type, else registration fails with <see cref="MlopsSchemaMismatchException"/>; its columns become the signature's outputs.
    /// </summary>
    public Type? OutputType { get; init; }

    /// <summary>The run that produced a model registered from a file or stream, for lineage (it must exist).</summary>
    public string? RunId { get; init; }

    /// <summary>Returns a copy that checks the model against <typeparamref name="TIn"/> and <typeparamref name="TOut"/>.</summary>
    public RegisterVersionOptions WithTypes<TIn, TOut>() => this with { InputType = typeof(TIn), OutputType = typeof(TOut) };
}
