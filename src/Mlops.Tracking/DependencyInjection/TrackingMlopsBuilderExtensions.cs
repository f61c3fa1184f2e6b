using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Mlops.Tracking;
using Mlops.Tracking.Metrics;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds experiment tracking to Mlops.</summary>
public static class TrackingMlopsBuilderExtensions
{
    /// <summary>Adds experiment tracking with default options.</summary>
    public static MlopsBuilder AddTracking(this MlopsBuilder builder) => builder.AddTracking(_ => { });

    /// <summary>Adds experiment tracking: <see cref="IExperimentTracker"/>, the background metric writer, and a flush on host stop.</summary>
    public static MlopsBuilder AddTracking(this MlopsBuilder builder, Action<TrackingOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.AddOptionsWithValidateOnStart<TrackingOptions>().Configure(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TrackingOptions>, TrackingOptionsValidator>());
        services.TryAddSingleton(sp => new MetricPipeline(
            sp.GetRequiredService<Mlops.Storage.ITrackingStore>(),
            sp.GetRequiredService<IOptions<TrackingOptions>>(),
            sp.GetRequiredService<Mlops.MlopsInstrumentation>(),
            sp.GetRequiredService<TimeProvider>(),
            (ILogger<MetricPipeline>?)sp.GetService<ILogger<MetricPipeline>>() ?? NullLogger<MetricPipeline>.Instance));
        services.TryAddSingleton<IExperimentTracker, ExperimentTracker>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, TrackingHostedService>());
        return builder;
    }
}
