namespace Mlops.Pipelines;

/// <summary>
/// One typed unit of pipeline work: it turns an input into an output. The executor runs it inside a nested run of the
/// pipeline's execution run, stores its output as an artifact (through <see cref="OutputCodec"/>), and skips it when an
/// earlier successful execution had the same <see cref="Name"/>, <see cref="Version"/> and input digests (see
/// <see cref="StepOptions.Cache"/>).
/// </summary>
/// <typeparam name="TIn">What the step consumes: the pipeline's input, one upstream output, or a tuple of several.</typeparam>
/// <typeparam name="TOut">What the step produces; it must round-trip through <see cref="OutputCodec"/>.</typeparam>
public abstract class Step<TIn, TOut>
{
    /// <summary>Creates a step.</summary>
    /// <param name="name">Unique within a pipeline: 1–100 characters of letters, digits, '_', '-' and '.'.</param>
    /// <param name="version">
    /// The step's code version, part of its cache key: change it whenever the code changes what the step produces, or
    /// earlier outputs are reused for the new code.
    /// </param>
    protected Step(string name, string version = "1")
    {
        PipelineNames.ValidateStepName(name);
        PipelineNames.ValidateVersion(version);
        Name = name;
        Version = version;
    }

    /// <summary>The step's name: its nested run's name and the key of its output in the execution.</summary>
    public string Name { get; }

    /// <summary>The step's code version (part of the cache key).</summary>
    public string Version { get; }

    /// <summary>Caching, retries and timeout for this step.</summary>
    public StepOptions Options { get; init; } = new();

    /// <summary>How the output is stored as an artifact and read back (JSON by default).</summary>
    public virtual StepCodec<TOut> OutputCodec => StepCodec.Json<TOut>();

    /// <summary>Does the work. Honour <see cref="StepContext.CancellationToken"/>; log through <see cref="StepContext.Logger"/>.</summary>
    public abstract Task<TOut> ExecuteAsync(TIn input, StepContext context);
}

/// <summary>Creates steps from delegates.</summary>
public static class Step
{
    /// <summary>A step whose work is <paramref name="execute"/>.</summary>
    public static Step<TIn, TOut> Create<TIn, TOut>(string name, Func<TIn, StepContext, Task<TOut>> execute, string version = "1", StepOptions? options = null, StepCodec<TOut>? codec = null)
    {
        ArgumentNullException.ThrowIfNull(execute);
        return new DelegateStep<TIn, TOut>(name, version, execute, codec) { Options = options ?? new StepOptions() };
    }

    private sealed class DelegateStep<TIn, TOut>(string name, string version, Func<TIn, StepContext, Task<TOut>> execute, StepCodec<TOut>? codec)
        : Step<TIn, TOut>(name, version)
    {
        public override StepCodec<TOut> OutputCodec => codec ?? base.OutputCodec;

        public override Task<TOut> ExecuteAsync(TIn input, StepContext context) => execute(input, context);
    }
}
