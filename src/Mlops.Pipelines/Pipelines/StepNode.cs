namespace Mlops.Pipelines;

/// <summary>
/// A value in a pipeline's graph: the pipeline's input or a step's output. Pass it to
/// <see cref="PipelineBuilder{TIn}.Add{TA, TOut}(Step{TA, TOut}, StepNode{TA})"/> to make another step depend on it, and to
/// <see cref="PipelineExecution.GetOutput{T}(StepNode{T})"/> to read what it produced.
/// </summary>
/// <typeparam name="T">The value's type.</typeparam>
public sealed class StepNode<T> : IStepNode
{
    internal StepNode(string name, int index, object? step, IReadOnlyList<IStepNode> dependencies)
    {
        Name = name;
        Index = index;
        Step = step;
        Dependencies = dependencies;
    }

    /// <summary>The step's name (<c>input</c> for the pipeline's input).</summary>
    public string Name { get; }

    internal int Index { get; }

    internal object? Step { get; }

    /// <summary>The nodes this one consumes, in the order the step receives them.</summary>
    public IReadOnlyList<IStepNode> Dependencies { get; }

    int IStepNode.Index => Index;

    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>A node of a pipeline's graph, whatever its type.</summary>
public interface IStepNode
{
    /// <summary>The step's name (<c>input</c> for the pipeline's input).</summary>
    string Name { get; }

    /// <summary>The nodes this one consumes.</summary>
    IReadOnlyList<IStepNode> Dependencies { get; }

    /// <summary>The node's position in the order steps were added (a topological order).</summary>
    internal int Index { get; }
}
