namespace Mlops.Pipelines;

/// <summary>The outcome of one pipeline execution: its tracked run, each step's outcome, and the outputs produced.</summary>
public sealed class PipelineExecution
{
    private readonly IReadOnlyDictionary<string, object?> _outputs;

    internal PipelineExecution(string pipelineName, string runId, PipelineExecutionStatus status, IReadOnlyList<StepExecution> steps, IReadOnlyDictionary<string, object?> outputs, PipelineTrigger trigger, string? resumedFromRunId, TimeSpan duration)
    {
        PipelineName = pipelineName;
        RunId = runId;
        Status = status;
        Steps = steps;
        _outputs = outputs;
        Trigger = trigger;
        ResumedFromRunId = resumedFromRunId;
        Duration = duration;
    }

    /// <summary>The pipeline's name.</summary>
    public string PipelineName { get; }

    /// <summary>The execution's run (each step is a child run of it).</summary>
    public string RunId { get; }

    /// <summary>Whether every step succeeded.</summary>
    public PipelineExecutionStatus Status { get; }

    /// <summary>Every step, in the order they were added, with its outcome.</summary>
    public IReadOnlyList<StepExecution> Steps { get; }

    /// <summary>What started the execution.</summary>
    public PipelineTrigger Trigger { get; }

    /// <summary>The failed execution this one resumed, if any.</summary>
    public string? ResumedFromRunId { get; }

    /// <summary>Wall-clock time from start to end.</summary>
    public TimeSpan Duration { get; }

    /// <summary>The step named <paramref name="name"/>.</summary>
    public StepExecution this[string name] => Steps.FirstOrDefault(s => s.Name == name)
        ?? throw new MlopsNotFoundException("step", name);

    /// <summary>The value a node produced (or the pipeline's input); throws when that step did not succeed.</summary>
    public T GetOutput<T>(StepNode<T> node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return GetOutput<T>(node.Name);
    }

    /// <summary>The value the step named <paramref name="stepName"/> produced; throws when that step did not succeed.</summary>
    public T GetOutput<T>(string stepName)
    {
        ArgumentNullException.ThrowIfNull(stepName);
        return _outputs.TryGetValue(stepName, out var value)
            ? (T)value!
            : throw new InvalidOperationException($"Step '{stepName}' produced no output in execution {RunId}: {(Steps.FirstOrDefault(s => s.Name == stepName)?.Outcome.ToString() ?? "not part of this pipeline")}.");
    }

    /// <summary>Throws <see cref="PipelineFailedException"/> unless the execution succeeded; returns it for chaining.</summary>
    public PipelineExecution EnsureSucceeded() => Status == PipelineExecutionStatus.Succeeded ? this : throw new PipelineFailedException(this);
}

/// <summary>How an execution ended.</summary>
public enum PipelineExecutionStatus
{
    /// <summary>Every step succeeded (executed, cached or reused).</summary>
    Succeeded,

    /// <summary>A step failed after its retries; steps after it did not run. Resume it with <see cref="IPipelineRunner"/>.</summary>
    Failed,

    /// <summary>The execution was cancelled.</summary>
    Canceled,
}

/// <summary>One step of an execution.</summary>
/// <param name="Name">The step's name.</param>
/// <param name="Outcome">What happened to it.</param>
/// <param name="RunId">Its nested run (null when it never started).</param>
/// <param name="Attempts">How many times its code ran (0 when cached, reused or not run).</param>
/// <param name="Duration">Time spent in the step, retries included.</param>
/// <param name="CacheKey">SHA-256 over its name, version and input digests (null when it never started).</param>
/// <param name="OutputDigest">SHA-256 of its stored output (null when it has none).</param>
/// <param name="SourceRunId">For a cached or reused step, the step run whose output it took.</param>
/// <param name="Error">The failure, for a failed step.</param>
public sealed record StepExecution(
    string Name,
    StepOutcome Outcome,
    string? RunId,
    int Attempts,
    TimeSpan Duration,
    string? CacheKey,
    string? OutputDigest,
    string? SourceRunId,
    string? Error);

/// <summary>What happened to a step in an execution.</summary>
public enum StepOutcome
{
    /// <summary>Its code ran and succeeded.</summary>
    Executed,

    /// <summary>An earlier successful execution had the same cache key; its output was reused and the code did not run.</summary>
    Cached,

    /// <summary>A resumed execution took the output this step produced in the execution it resumes.</summary>
    Reused,

    /// <summary>Its code failed after all retries (or timed out).</summary>
    Failed,

    /// <summary>It was cancelled while running.</summary>
    Canceled,

    /// <summary>It did not start: a step it depends on failed, or the execution stopped first.</summary>
    NotRun,
}

/// <summary>A pipeline execution did not succeed.</summary>
public sealed class PipelineFailedException : MlopsException
{
    /// <summary>Creates the exception for <paramref name="execution"/>.</summary>
    public PipelineFailedException(PipelineExecution execution)
        : base(Describe(execution))
    {
        Execution = execution;
    }

    /// <summary>The execution, with every step's outcome.</summary>
    public PipelineExecution Execution { get; }

    private static string Describe(PipelineExecution execution)
    {
        ArgumentNullException.ThrowIfNull(execution);
        var failed = execution.Steps.Where(s => s.Outcome is StepOutcome.Failed or StepOutcome.Canceled).ToList();
        return $"Pipeline '{execution.PipelineName}' execution {execution.RunId} {execution.Status.ToString().ToLowerInvariant()}"
            + (failed.Count == 0 ? "." : ": " + string.Join("; ", failed.Select(s => $"step '{s.Name}' {s.Outcome.ToString().ToLowerInvariant()} after {s.Attempts} attempt(s): {s.Error}")));
    }
}
