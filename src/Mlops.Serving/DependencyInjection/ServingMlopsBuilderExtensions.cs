using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Mlops;
using Mlops.Serving;
using Mlops.Serving.Internal;
using Mlops.Serving.Telemetry;
using Mlops.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds serving to Mlops.</summary>
public static class ServingMlopsBuilderExtensions
{
    /// <summary>
    /// Adds serving: each model declared in <paramref name="configure"/> becomes an <see cref="IPredictor{TIn, TOut}"/>
    /// (keyed by its key), <see cref="IModelServer"/> reports and syncs them, and a hosted service loads them at start and
    /// follows the journal for alias moves (every poll interval, or at once when the store registers an
    /// <see cref="IJournalChangeNotifier"/>). Needs <c>AddRegistry()</c> (and <c>AddValidation()</c> for input checks and
    /// online drift against reference profiles). May be called more than once; keys must be unique.
    /// </summary>
    public static MlopsBuilder AddServing(this MlopsBuilder builder, Action<ServingBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        var keys = services.FirstOrDefault(d => d.ServiceType == typeof(ServedKeys))?.ImplementationInstance as ServedKeys;
        if (keys is null)
        {
            keys = new ServedKeys();
            services.AddSingleton(keys);
            services.AddOptionsWithValidateOnStart<ServingOptions>();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ServingOptions>, ServingOptionsValidator>());
            services.TryAddSingleton(sp => new ServingTelemetry(sp.GetRequiredService<MlopsInstrumentation>()));
            services.TryAddSingleton(sp => new ModelServer(
                sp.GetServices<IServedModel>(),
                sp.GetRequiredService<IJournalStore>(),
                sp.GetRequiredService<ServingTelemetry>(),
                sp.GetRequiredService<IOptions<ServingOptions>>().Value,
                (ILogger<ModelServer>?)sp.GetService<ILogger<ModelServer>>() ?? NullLogger<ModelServer>.Instance));
            services.TryAddSingleton<IModelServer>(sp => sp.GetRequiredService<ModelServer>());
            services.AddSingleton<IHostedService>(sp => new ServingHostedService(
                sp.GetRequiredService<ModelServer>(),
                sp.GetRequiredService<IOptions<ServingOptions>>().Value,
                sp.GetServices<IServedModel>().Select(m => m.DriftInterval).DefaultIfEmpty(TimeSpan.FromSeconds(30)).Min(),
                sp.GetRequiredService<TimeProvider>(),
                (ILogger<ServingHostedService>?)sp.GetService<ILogger<ServingHostedService>>() ?? NullLogger<ServingHostedService>.Instance,
                sp.GetService<IJournalChangeNotifier>()));
        }

        configure(new ServingBuilder(services, keys));
        return builder;
    }
}
