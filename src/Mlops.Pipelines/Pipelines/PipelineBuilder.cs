namespace Mlops.Pipelines;

/// <summary>
/// Composes typed steps into a graph. Each <c>Add</c> names the nodes a step consumes, so the graph is acyclic by
/// construction and steps that do not depend on each other run in parallel.
/// </summary>
/// <typeparam name="TIn">The pipeline's input.</typeparam>
public sealed class PipelineBuilder<TIn>
{
    private readonly List<StepDefinition> _steps = [];
    private readonly List<IStepNode> _nodes = [];
    private readonly StepCodec<TIn> _inputCodec;
    private bool _built;

    internal PipelineBuilder(string name, StepCodec<TIn>? inputCodec)
    {
        PipelineNames.ValidatePipelineName(name);
        Name = name;
        _inputCodec = inputCodec ?? StepCodec.Json<TIn>();
        Input = new StepNode<TIn>(PipelineInputName, 0, null, []);
        _nodes.Add(Input);
    }

    /// <summary>The name the pipeline's input has in the graph.</summary>
    public const string PipelineInputName = "input";

    /// <summary>The pipeline's name: its executions' experiment and run names start with it.</summary>
    public string Name { get; }

    /// <summary>The pipeline's input, to pass to the first steps.</summary>
    public StepNode<TIn> Input { get; }

    /// <summary>Adds a step that consumes one value.</summary>
    public StepNode<TOut> Add<TA, TOut>(Step<TA, TOut> step, StepNode<TA> input) =>
        AddStep(step, [input], inputs => (TA)inputs[0]!);

    /// <summary>Adds a step that consumes two values, as a tuple in the order given.</summary>
    public StepNode<TOut> Add<TA, TB, TOut>(Step<(TA, TB), TOut> step, StepNode<TA> first, StepNode<TB> second) =>
        AddStep(step, [first, second], inputs => ((TA)inputs[0]!, (TB)inputs[1]!));

    /// <summary>Adds a step that consumes three values, as a tuple in the order given.</summary>
    public StepNode<TOut> Add<TA, TB, TC, TOut>(Step<(TA, TB, TC), TOut> step, StepNode<TA> first, StepNode<TB> second, StepNode<TC> third) =>
        AddStep(step, [first, second, third], inputs => ((TA)inputs[0]!, (TB)inputs[1]!, (TC)inputs[2]!));

    /// <summary>Adds a step that consumes four values, as a tuple in the order given.</summary>
    public StepNode<TOut> Add<TA, TB, TC, TD, TOut>(Step<(TA, TB, TC, TD), TOut> step, StepNode<TA> first, StepNode<TB> second, StepNode<TC> third, StepNode<TD> fourth) =>
        AddStep(step, [first, second, third, fourth], inputs => ((TA)inputs[0]!, (TB)inputs[1]!, (TC)inputs[2]!, (TD)inputs[3]!));

    /// <summary>Finishes the graph.</summary>
    public Pipeline<TIn> Build()
    {
        if (_built)
        {
            throw new InvalidOperationException($"Pipeline '{Name}' was already built; create a new builder for another pipeline.");
        }

        if (_steps.Count == 0)
        {
            throw new MlopsValidationException("pipeline", Name, "a pipeline needs at least one step.");
        }

        _built = true;
        return new Pipeline<TIn>(Name, _inputCodec, [.. _steps], [.. _nodes]);
    }

    private StepNode<TOut> AddStep<TStepIn, TOut>(Step<TStepIn, TOut> step, IStepNode[] inputs, Func<object?[], TStepIn> combine)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (_built)
        {
            throw new InvalidOperationException($"Pipeline '{Name}' was already built.");
        }

        foreach (var input in inputs)
        {
            ArgumentNullException.ThrowIfNull(input);
            if (input.Index >= _nodes.Count || !ReferenceEquals(_nodes[input.Index], input))
            {
                throw new MlopsValidationException("step input", input.Name, $"step '{step.Name}' consumes a node of another pipeline; use the nodes this builder returned.");
            }
        }

        if (step.Name == PipelineInputName || _steps.Any(s => s.Name == step.Name))
        {
            throw new MlopsValidationException("step name", step.Name, $"step names are unique within a pipeline ('{PipelineInputName}' names its input).");
        }

        var node = new StepNode<TOut>(step.Name, _nodes.Count, step, inputs);
        _steps.Add(StepDefinition.For(step, [.. inputs.Select(i => i.Index)], combine));
        _nodes.Add(node);
        return node;
    }
}
