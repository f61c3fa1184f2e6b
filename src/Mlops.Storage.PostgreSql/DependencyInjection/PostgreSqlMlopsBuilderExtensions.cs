using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mlops.Storage;
using Mlops.Storage.PostgreSql;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Picks PostgreSQL as the Mlops metadata store: one database shared by a fleet of processes.</summary>
public static class PostgreSqlMlopsBuilderExtensions
{
    /// <summary>Stores metadata, the model registry and the journal in the PostgreSQL database of <paramref name="connectionString"/>.</summary>
    /// <param name="builder">The Mlops builder.</param>
    /// <param name="connectionString">An Npgsql connection string, such as <c>Host=db;Database=mlops;Username=mlops</c>.</param>
    /// <returns>The builder, for chaining.</returns>
    public static MlopsBuilder UsePostgreSql(this MlopsBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return builder.UsePostgreSql(options => options.ConnectionString = connectionString);
    }

    /// <summary>
    /// Stores metadata, the model registry and the journal in PostgreSQL, configured by <paramref name="configure"/>. The options are validated
    /// when the host starts. Replaces a store picked earlier. Also registers an <see cref="IJournalChangeNotifier"/>
    /// (<c>LISTEN/NOTIFY</c>), so journal followers such as serving pick up a change committed by any process at once.
    /// </summary>
    /// <param name="builder">The Mlops builder.</param>
    /// <param name="configure">Sets the connection string and, optionally, the retry budget.</param>
    /// <returns>The builder, for chaining.</returns>
    public static MlopsBuilder UsePostgreSql(this MlopsBuilder builder, Action<PostgreSqlStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.AddOptionsWithValidateOnStart<PostgreSqlStoreOptions>().Configure(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgreSqlStoreOptions>>(new PostgreSqlStoreOptionsValidator()));
        services.TryAddSingleton(TimeProvider.System);
        services.Replace(ServiceDescriptor.Singleton<IMlopsStore>(sp => new PostgreSqlMlopsStore(
            sp.GetRequiredService<IOptions<PostgreSqlStoreOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>()?.CreateLogger("Mlops.Storage.PostgreSql"))));
        services.Replace(ServiceDescriptor.Singleton<ITrackingStore>(sp => sp.GetRequiredService<IMlopsStore>()));
        services.Replace(ServiceDescriptor.Singleton<IJournalStore>(sp => sp.GetRequiredService<IMlopsStore>()));
        services.Replace(ServiceDescriptor.Singleton<IRegistryStore>(sp => sp.GetRequiredService<IMlopsStore>()));
        services.Replace(ServiceDescriptor.Singleton<IGovernanceStore>(sp => sp.GetRequiredService<IMlopsStore>()));
        services.Replace(ServiceDescriptor.Singleton<IJournalChangeNotifier>(sp => new PostgreSqlJournalNotifier(
            sp.GetRequiredService<IMlopsStore>() as PostgreSqlMlopsStore ?? throw new InvalidOperationException(
                "The journal change notifier of UsePostgreSql needs the PostgreSQL store, but IMlopsStore was replaced after UsePostgreSql."),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>()?.CreateLogger("Mlops.Storage.PostgreSql"))));
        return builder;
    }
}
