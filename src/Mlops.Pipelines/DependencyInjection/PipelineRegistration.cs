using Mlops.Pipelines;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>A pipeline registered by name, with the way to make its input; what named starts and triggers run.</summary>
internal sealed class PipelineRegistration
{
    private PipelineRegistration(string name, Func<IPipelineRunner, PipelineTrigger, CancellationToken, Task<PipelineExecution>> run)
    {
        Name = name;
        Run = run;
    }

    public string Name { get; }

    public Func<IPipelineRunner, PipelineTrigger, CancellationToken, Task<PipelineExecution>> Run { get; }

    public static PipelineRegistration For<TIn>(IServiceProvider services, Func<IServiceProvider, Pipeline<TIn>> build, Func<PipelineTrigger, IServiceProvider, CancellationToken, Task<TIn>> input, PipelineRunOptions? options)
    {
        var pipeline = build(services) ?? throw new InvalidOperationException("The pipeline factory returned null.");
        return new PipelineRegistration(pipeline.Name, async (runner, trigger, cancellationToken) =>
        {
            var value = await input(trigger, services, cancellationToken).ConfigureAwait(false);
            return await runner.RunAsync(pipeline, value, (options ?? new PipelineRunOptions()) with { Trigger = trigger }, cancellationToken).ConfigureAwait(false);
        });
    }
}
