namespace Mlops.Pipelines;

/// <summary>Starts building a pipeline.</summary>
public static class Pipeline
{
    /// <summary>A builder for a pipeline named <paramref name="name"/> whose input is a <typeparamref name="TIn"/>.</summary>
    /// <param name="name">1–100 characters of letters, digits, '_', '-' and '.'.</param>
    /// <param name="inputCodec">How the input is stored with each execution and digested (JSON by default).</param>
    public static PipelineBuilder<TIn> Create<TIn>(string name, StepCodec<TIn>? inputCodec = null) => new(name, inputCodec);
}

/// <summary>A finished graph of steps, ready to run with <see cref="IPipelineRunner"/>. Immutable; safe to share.</summary>
/// <typeparam name="TIn">The pipeline's input.</typeparam>
public sealed class Pipeline<TIn> : IPipeline
{
    internal Pipeline(string name, StepCodec<TIn> inputCodec, StepDefinition[] steps, IStepNode[] nodes)
    {
        Name = name;
        InputCodec = inputCodec;
        Steps = steps;
        Nodes = nodes;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The nodes: the input first, then the steps in the order they were added.</summary>
    public IReadOnlyList<IStepNode> Nodes { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> StepNames => [.. Steps.Select(s => s.Name)];

    internal StepCodec<TIn> InputCodec { get; }

    internal StepDefinition[] Steps { get; }
}

/// <summary>A pipeline, whatever its input type.</summary>
public interface IPipeline
{
    /// <summary>The pipeline's name.</summary>
    string Name { get; }

    /// <summary>The steps' names, in the order they were added.</summary>
    IReadOnlyList<string> StepNames { get; }
}
