using Mlops.Pipelines;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Configures pipelines: the pipelines triggers can start by name (<see cref="AddPipeline{TIn}"/>), and through extension
/// methods in their areas, schedules, journal-event triggers and webhooks.
/// </summary>
public sealed class PipelinesBuilder
{
    internal PipelinesBuilder(IServiceCollection services) => Services = services;

    /// <summary>The application's services.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// Registers a pipeline under its name so that triggers (and <see cref="IPipelineRunner.RunAsync(string, PipelineTrigger, CancellationToken)"/>)
    /// can start it. <paramref name="input"/> makes each execution's input from what triggered it.
    /// </summary>
    /// <param name="pipeline">Builds the pipeline once, from the application's services.</param>
    /// <param name="input">Makes an execution's input (read the data, name the model...).</param>
    /// <param name="options">Options for every execution started by name.</param>
    public PipelinesBuilder AddPipeline<TIn>(Func<IServiceProvider, Pipeline<TIn>> pipeline, Func<PipelineTrigger, IServiceProvider, CancellationToken, Task<TIn>> input, PipelineRunOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(input);
        Services.AddSingleton(sp => PipelineRegistration.For(sp, pipeline, input, options));
        return this;
    }
}
