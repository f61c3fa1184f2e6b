using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Mlops;
using Mlops.Journal;
using Mlops.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds Mlops.Sdk to a service collection.</summary>
public static class MlopsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the Mlops core services and returns a builder to pick a store and add components. With no store picked, the
    /// app gets the embedded default when the SQLite provider is part of it (the <c>Mlops.Sdk</c> or
    /// <c>Mlops.Storage.Sqlite</c> package): SQLite at <c>./.mlops/mlops.db</c> and artifacts under <c>./.mlops/artifacts</c>.
    /// Picking either store (<c>UseSqlite(...)</c>, <c>UsePostgreSql(...)</c>, <c>UseFileSystemArtifacts(...)</c>, ...)
    /// turns the default off for both.
    /// </summary>
    public static MlopsBuilder AddMlops(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(new EmbeddedDefaultStores(services));
        services.TryAdd(EmbeddedDefaultStores.MetadataDescriptor);
        services.TryAdd(EmbeddedDefaultStores.ArtifactsDescriptor);
        services.TryAddSingleton<ITrackingStore>(sp => sp.GetService<IMlopsStore>()!);
        services.TryAddSingleton<IJournalStore>(sp => sp.GetService<IMlopsStore>()!);
        services.TryAddSingleton<IRegistryStore>(sp => sp.GetService<IMlopsStore>()!);
        services.TryAddSingleton<IGovernanceStore>(sp => sp.GetService<IMlopsStore>()!);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IActorAccessor, EnvironmentActorAccessor>();
        services.TryAddSingleton<Mlops.Governance.IAccessGuard>(Mlops.Governance.AllowAllAccessGuard.Instance);
        services.TryAddSingleton(sp => new MlopsInstrumentation(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddSingleton<IJournal>(sp => new JournalReader(sp.GetRequiredService<IJournalStore>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, MlopsStartup>());
        return new MlopsBuilder(services);
    }

    /// <summary>Adds Mlops and configures it in one call.</summary>
    public static IServiceCollection AddMlops(this IServiceCollection services, Action<MlopsBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        configure(services.AddMlops());
        return services;
    }
}
