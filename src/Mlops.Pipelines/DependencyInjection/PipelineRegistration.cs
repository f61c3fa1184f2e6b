using Mlops.Pipelines;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>A pipeline registered by name, with the way to make its input; what named starts and triggers run.</summary>
internal sealed class PipelineRegistration
{
    private PipelineRegistration(
        string name,
        Func<PipelineRunner, PipelineRunOptions, CancellationToken, Task<PipelineExecution>> run,
        Func<PipelineRunner, string, PipelineRunOptions, string?, CancellationToken, Task<PipelineExecution>> resume)
    {
        Name = name;
        RunAsync = run;
        ResumeAsync = resume;
    }

    public string Name { get; }

    /// <summary>Makes the input from the options' trigger and runs the pipeline.</summary>
    public Func<PipelineRunner, PipelineRunOptions, CancellationToken, Task<PipelineExecution>> RunAsync { get; }

    /// <summary>Resumes an execution (taking over a running one when a reason is given).</summary>
    public Func<PipelineRunner, string, PipelineRunOptions, string?, CancellationToken, Task<PipelineExecution>> ResumeAsync { get; }

    public static PipelineRegistration For<TIn>(IServiceProvider services, Func<IServiceProvider, Pipeline<TIn>> build, Func<PipelineTrigger, IServiceProvider, CancellationToken, Task<TIn>> input, PipelineRunOptions? registered)
    {
        var pipeline = build(services) ?? throw new InvalidOperationException("The pipeline factory returned null.");
        return new PipelineRegistration(
            pipeline.Name,
            async (runner, options, cancellationToken) =>
            {
                var merged = Merge(registered, options);
                var trigger = merged.Trigger ?? PipelineTrigger.Manual(runner.CurrentActor);
                var value = await input(trigger, services, cancellationToken).ConfigureAwait(false);
                return await runner.RunAsync(pipeline, value, merged with { Trigger = trigger }, cancellationToken).ConfigureAwait(false);
            },
            (runner, runId, options, reason, cancellationToken) => runner.ResumeAsync(pipeline, runId, Merge(registered, options), reason, cancellationToken));
    }

    private static PipelineRunOptions Merge(PipelineRunOptions? registered, PipelineRunOptions given)
    {
        if (registered is null)
        {
            return given;
        }

        var tags = new Dictionary<string, string>(registered.Tags ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (key, value) in given.Tags ?? new Dictionary<string, string>())
        {
            tags[key] = value;
        }

        return registered with
        {
            Trigger = given.Trigger ?? registered.Trigger,
            Tags = tags,
            ExecutionStarted = given.ExecutionStarted ?? registered.ExecutionStarted,
            MaxParallelSteps = given.MaxParallelSteps ?? registered.MaxParallelSteps,
            ExperimentName = given.ExperimentName ?? registered.ExperimentName,
            DisableCache = given.DisableCache || registered.DisableCache,
        };
    }
}
