using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Mlops;
using Mlops.Artifacts;
using Mlops.Registry;
using Mlops.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the model registry to Mlops.</summary>
public static class RegistryMlopsBuilderExtensions
{
    /// <summary>Adds the model registry with default options.</summary>
    public static MlopsBuilder AddRegistry(this MlopsBuilder builder) => builder.AddRegistry(_ => { });

    /// <summary>
    /// Adds the model registry: <see cref="IModelRegistry"/> and the built-in <c>mlnet</c> flavor (other packages add
    /// flavors as more <see cref="IModelFlavor"/> services, and promotion guards as <see cref="IPromotionGuard"/> services).
    /// Needs a store that provides <see cref="IRegistryStore"/> (such as <c>UseSqlite</c>) and an artifact store.
    /// </summary>
    public static MlopsBuilder AddRegistry(this MlopsBuilder builder, Action<RegistryOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.AddOptionsWithValidateOnStart<RegistryOptions>().Configure(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RegistryOptions>, RegistryOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IModelFlavor, MlNetModelFlavor>());
        services.TryAddSingleton<IModelRegistry>(sp => new ModelRegistry(
            sp.GetRequiredService<IRegistryStore>(),
            sp.GetRequiredService<IJournalStore>(),
            sp.GetRequiredService<Mlops.Governance.IAccessGuard>(),
            sp.GetRequiredService<ITrackingStore>(),
            sp.GetRequiredService<IArtifactStore>(),
            sp.GetServices<IModelFlavor>(),
            sp.GetServices<IPromotionGuard>(),
            sp.GetRequiredService<IActorAccessor>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<RegistryOptions>>().Value,
            (ILogger<ModelRegistry>?)sp.GetService<ILogger<ModelRegistry>>() ?? NullLogger<ModelRegistry>.Instance));
        return builder;
    }
}
