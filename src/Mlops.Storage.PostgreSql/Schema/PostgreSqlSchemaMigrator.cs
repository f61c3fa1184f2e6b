using System.Globalization;
using Microsoft.Extensions.Logging;
using Mlops.Storage.PostgreSql.Internal;
using Mlops.Storage.Relational;
using Npgsql;

namespace Mlops.Storage.PostgreSql.Schema;

/// <summary>
/// Brings a database to a target schema version, one step per transaction (PostgreSQL DDL is transactional). Each step
/// holds a transaction-level advisory lock while it reads the version, so two processes opening a fresh database at once
/// never both apply a step.
/// </summary>
internal static class PostgreSqlSchemaMigrator
{
    /// <summary>The advisory lock key of migrations (distinct from the write lock's): "mlops" + "mig" in ASCII.</summary>
    public const long MigrationLockKey = 0x6D6C6F70_736D6967;

    private const string EnsureVersionTable = """
        CREATE TABLE IF NOT EXISTS mlops_schema_version (
            id      BIGINT PRIMARY KEY CHECK (id = 1),
            version BIGINT NOT NULL
        );
        INSERT INTO mlops_schema_version (id, version) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;
        """;

    /// <summary>Migrates <paramref name="connection"/> up to <paramref name="targetVersion"/> and returns the version reached.</summary>
    public static int Migrate(NpgsqlConnection connection, int targetVersion, string database, ILogger logger)
    {
        while (true)
        {
            using var transaction = connection.BeginTransaction();
            connection.Command("SELECT pg_advisory_xact_lock(@key)").With("@key", MigrationLockKey).Scalar();
            connection.Execute(EnsureVersionTable);
            var version = Convert.ToInt32(
                connection.Command("SELECT version FROM mlops_schema_version WHERE id = 1").Scalar(), CultureInfo.InvariantCulture);
            if (version > targetVersion)
            {
                throw new MlopsStorageException(
                    $"The PostgreSQL database '{database}' is at schema version {version}, but this version of Mlops.Storage.PostgreSql "
                    + $"supports schema versions up to {targetVersion}. It was written by a newer Mlops.Sdk: upgrade Mlops.Storage.PostgreSql to open it.");
            }

            if (version == targetVersion)
            {
                transaction.Commit();
                return version;
            }

            var step = PostgreSqlMigrations.All[version];
            connection.Execute(step.Sql);
            connection.Command("UPDATE mlops_schema_version SET version = @version WHERE id = 1").With("@version", (long)step.Version).Run();
            transaction.Commit();
            PostgreSqlStoreLog.Migrated(logger, database, step.Version, step.Description);
        }
    }
}
