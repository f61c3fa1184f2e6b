using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Mlops.Storage.Relational;
using Mlops.Storage.Sqlite.Internal;

namespace Mlops.Storage.Sqlite.Schema;

/// <summary>
/// Brings a database to a target schema version, one step per <c>BEGIN IMMEDIATE</c> transaction: the version is read
/// under the write lock, so two processes opening a fresh file at once never both apply a step.
/// </summary>
internal static class SqliteSchemaMigrator
{
    private const string EnsureVersionTable = """
        CREATE TABLE IF NOT EXISTS mlops_schema_version (
            id      INTEGER PRIMARY KEY CHECK (id = 1),
            version INTEGER NOT NULL
        );
        INSERT OR IGNORE INTO mlops_schema_version (id, version) VALUES (1, 0);
        """;

    /// <summary>Migrates <paramref name="connection"/> up to <paramref name="targetVersion"/> and returns the version reached.</summary>
    public static int Migrate(SqliteConnection connection, int targetVersion, string databasePath, ILogger logger)
    {
        while (true)
        {
            connection.Execute("BEGIN IMMEDIATE");
            try
            {
                connection.Execute(EnsureVersionTable);
                var version = Convert.ToInt32(
                    connection.Command("SELECT version FROM mlops_schema_version WHERE id = 1").Scalar(), CultureInfo.InvariantCulture);
                if (version > targetVersion)
                {
                    throw new MlopsStorageException(
                        $"The SQLite database '{databasePath}' is at schema version {version}, but this version of Mlops.Storage.Sqlite "
                        + $"supports schema versions up to {targetVersion}. It was written by a newer Mlops.Sdk: upgrade Mlops.Storage.Sqlite to open it.");
                }

                if (version == targetVersion)
                {
                    connection.Execute("COMMIT");
                    return version;
                }

                var step = SqliteMigrations.All[version];
                connection.Execute(step.Sql);
                connection.Command("UPDATE mlops_schema_version SET version = $version WHERE id = 1").With("$version", step.Version).Run();
                connection.Execute("COMMIT");
                SqliteStoreLog.Migrated(logger, databasePath, step.Version, step.Description);
            }
            catch
            {
                TryRollback(connection);
                throw;
            }
        }
    }

    /// <summary>Rolls back an open transaction, if any; a failure here must not hide the original error.</summary>
    public static void TryRollback(SqliteConnection connection)
    {
        try
        {
            connection.Execute("ROLLBACK");
        }
        catch (SqliteException)
        {
            // No transaction was open (BEGIN itself failed) or SQLite already rolled it back.
        }
    }
}
