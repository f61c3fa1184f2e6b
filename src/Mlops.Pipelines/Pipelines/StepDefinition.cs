namespace Mlops.Pipelines;

/// <summary>A step with its types erased, as the executor drives it.</summary>
internal sealed class StepDefinition
{
    public required string Name { get; init; }

    public required string Version { get; init; }

    public required StepOptions Options { get; init; }

    /// <summary>Indices of the nodes whose values the step consumes (0 is the pipeline's input).</summary>
    public required int[] Dependencies { get; init; }

    public required Func<object?[], StepContext, Task<object?>> Execute { get; init; }

    public required string OutputFileName { get; init; }

    public required Func<object?, Stream, CancellationToken, Task> WriteOutput { get; init; }

    public required Func<Stream, CancellationToken, Task<object?>> ReadOutput { get; init; }

    public static StepDefinition For<TIn, TOut>(Step<TIn, TOut> step, int[] dependencies, Func<object?[], TIn> combine)
    {
        var codec = step.OutputCodec;
        return new StepDefinition
        {
            Name = step.Name,
            Version = step.Version,
            Options = step.Options,
            Dependencies = dependencies,
            Execute = async (inputs, context) => await step.ExecuteAsync(combine(inputs), context).ConfigureAwait(false),
            OutputFileName = codec.FileName,
            WriteOutput = (value, stream, ct) => codec.WriteAsync((TOut)value!, stream, ct),
            ReadOutput = async (stream, ct) => await codec.ReadAsync(stream, ct).ConfigureAwait(false),
        };
    }
}
