using System.ComponentModel;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mlops.Storage.Sqlite;

/// <summary>
/// The metadata store of the embedded default, created by Mlops.Core when an app calls <c>AddMlops()</c> and picks no
/// store: Core references no provider and finds this entry point by name. Apps call <c>UseSqlite(...)</c> (or nothing).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class SqliteEmbeddedDefault
{
    /// <summary>Creates the SQLite store on <paramref name="databasePath"/> with the default options.</summary>
    /// <param name="databasePath">The database file; its folder is created when the store is initialized.</param>
    /// <param name="services">The app's services, for its clock and logging.</param>
    /// <returns>The store; nothing is opened until it is initialized.</returns>
    public static IMlopsStore CreateStore(string databasePath, IServiceProvider services)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        ArgumentNullException.ThrowIfNull(services);
        var options = new SqliteStoreOptions { ConnectionString = new SqliteConnectionStringBuilder { DataSource = databasePath }.ToString() };
        return new SqliteMlopsStore(
            options,
            services.GetService<TimeProvider>(),
            services.GetService<ILoggerFactory>()?.CreateLogger("Mlops.Storage.Sqlite"));
    }
}
