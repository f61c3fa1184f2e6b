using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mlops.Storage;
using Mlops.Storage.Sqlite;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Picks SQLite as the Mlops metadata store: the embedded default.</summary>
public static class SqliteMlopsBuilderExtensions
{
    /// <summary>Stores metadata, the model registry and the journal in the SQLite database of <paramref name="connectionString"/>.</summary>
    /// <param name="builder">The Mlops builder.</param>
    /// <param name="connectionString">A Microsoft.Data.Sqlite connection string, such as <c>Data Source=.mlops/mlops.db</c>.</param>
    /// <returns>The builder, for chaining.</returns>
    public static MlopsBuilder UseSqlite(this MlopsBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return builder.UseSqlite(options => options.ConnectionString = connectionString);
    }

    /// <summary>
    /// Stores metadata, the model registry and the journal in SQLite, configured by <paramref name="configure"/>. The options are validated
    /// when the host starts. Replaces a store picked earlier.
    /// </summary>
    /// <param name="builder">The Mlops builder.</param>
    /// <param name="configure">Sets the connection string and, optionally, timeouts and durability.</param>
    /// <returns>The builder, for chaining.</returns>
    public static MlopsBuilder UseSqlite(this MlopsBuilder builder, Action<SqliteStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.AddOptionsWithValidateOnStart<SqliteStoreOptions>().Configure(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteStoreOptions>>(new SqliteStoreOptionsValidator()));
        services.TryAddSingleton(TimeProvider.System);
        services.Replace(ServiceDescriptor.Singleton<IMlopsStore>(sp => new SqliteMlopsStore(
            sp.GetRequiredService<IOptions<SqliteStoreOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>()?.CreateLogger("Mlops.Storage.Sqlite"))));
        services.Replace(ServiceDescriptor.Singleton<ITrackingStore>(sp => sp.GetRequiredService<IMlopsStore>()));
        services.Replace(ServiceDescriptor.Singleton<IJournalStore>(sp => sp.GetRequiredService<IMlopsStore>()));
        services.Replace(ServiceDescriptor.Singleton<IRegistryStore>(sp => sp.GetRequiredService<IMlopsStore>()));
        services.Replace(ServiceDescriptor.Singleton<IGovernanceStore>(sp => sp.GetRequiredService<IMlopsStore>()));
        // SQLite has no change notification: a notifier of a store picked earlier must not outlive it (followers poll).
        services.RemoveAll<IJournalChangeNotifier>();
        return builder;
    }
}
