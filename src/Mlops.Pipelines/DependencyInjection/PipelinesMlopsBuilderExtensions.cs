using Microsoft.Extensions.DependencyInjection.Extensions;
using Mlops.Pipelines;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds pipelines to Mlops.</summary>
public static class PipelinesMlopsBuilderExtensions
{
    /// <summary>Adds the pipeline runner with no registered pipelines, triggers or webhooks.</summary>
    public static MlopsBuilder AddPipelines(this MlopsBuilder builder) => builder.AddPipelines(_ => { });

    /// <summary>
    /// Adds <see cref="IPipelineRunner"/>; <paramref name="configure"/> registers pipelines by name, schedules, journal-event
    /// triggers and webhooks. Needs <c>AddTracking()</c> and a store.
    /// </summary>
    public static MlopsBuilder AddPipelines(this MlopsBuilder builder, Action<PipelinesBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.TryAddSingleton<IPipelineRunner, PipelineRunner>();
        configure(new PipelinesBuilder(builder.Services));
        return builder;
    }
}
