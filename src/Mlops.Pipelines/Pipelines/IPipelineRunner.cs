namespace Mlops.Pipelines;

/// <summary>
/// Runs pipelines as tracked executions. Registered by <c>AddPipelines()</c>; safe to use from many threads.
/// </summary>
public interface IPipelineRunner
{
    /// <summary>
    /// Runs <paramref name="pipeline"/> on <paramref name="input"/>: one run for the execution, one nested run per step.
    /// A failed step does not throw: the execution comes back <see cref="PipelineExecutionStatus.Failed"/> (see
    /// <see cref="PipelineExecution.EnsureSucceeded"/>); cancellation throws <see cref="OperationCanceledException"/> after
    /// the runs are ended as killed.
    /// </summary>
    Task<PipelineExecution> RunAsync<TIn>(Pipeline<TIn> pipeline, TIn input, PipelineRunOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Resumes a failed or cancelled execution of <paramref name="pipeline"/> as a new execution on the same input: steps
    /// that succeeded in it, and whose cache key is unchanged, are reused; the rest run.
    /// </summary>
    Task<PipelineExecution> ResumeAsync<TIn>(Pipeline<TIn> pipeline, string executionRunId, PipelineRunOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Runs a pipeline registered with <c>AddPipeline</c>, its input made by the registration's input factory.</summary>
    Task<PipelineExecution> RunAsync(string pipelineName, PipelineTrigger trigger, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs a pipeline registered with <c>AddPipeline</c> with options for this execution (its trigger, tags, a callback
    /// when the execution run exists); they override the registration's.
    /// </summary>
    Task<PipelineExecution> RunAsync(string pipelineName, PipelineRunOptions options, CancellationToken cancellationToken = default);

    /// <summary>
    /// Resumes an execution of a registered pipeline with options for the new execution. With a
    /// <paramref name="takeOverReason"/>, an execution still marked running is first ended as killed with that reason;
    /// without one, only a failed or cancelled execution can be resumed.
    /// </summary>
    Task<PipelineExecution> ResumeAsync(string pipelineName, string executionRunId, PipelineRunOptions options, string? takeOverReason, CancellationToken cancellationToken = default);

    /// <summary>
    /// Resumes an execution of a pipeline registered with <c>AddPipeline</c>. An execution still marked running (its
    /// instance died, e.g. a trigger's lease ran out) is first ended as killed, with <paramref name="reason"/>.
    /// </summary>
    Task<PipelineExecution> ResumeAsync(string pipelineName, string executionRunId, PipelineTrigger trigger, string reason, CancellationToken cancellationToken = default);
}

/// <summary>Options for one execution.</summary>
public sealed record PipelineRunOptions
{
    /// <summary>The experiment the execution is tracked in.</summary>
    /// <value>Default <see langword="null"/>: the pipeline's name.</value>
    public string? ExperimentName { get; init; }

    /// <summary>What started it.</summary>
    /// <value>Default <see langword="null"/>: a manual start by the current actor.</value>
    public PipelineTrigger? Trigger { get; init; }

    /// <summary>How many steps may run at once.</summary>
    /// <value>Default <see langword="null"/>: <see cref="Environment.ProcessorCount"/>.</value>
    public int? MaxParallelSteps { get; init; }

    /// <summary>Turns caching off for every step of this execution (each step still stores its output).</summary>
    /// <value>Default <see langword="false"/>.</value>
    public bool DisableCache { get; init; }

    /// <summary>Tags added to the execution run.</summary>
    public IReadOnlyDictionary<string, string>? Tags { get; init; }

    /// <summary>
    /// Called with the execution run's id once it exists, before any step runs (a trigger records it in its claim so that
    /// another instance can resume the execution if this one dies).
    /// </summary>
    public Func<string, CancellationToken, Task>? ExecutionStarted { get; init; }
}
