using Microsoft.Data.Sqlite;
using Mlops.Storage.Conformance;
using Mlops.Storage.Sqlite.Tests.TestSupport;

namespace Mlops.Storage.Sqlite.Tests.Conformance;

/// <summary>Serves the conformance suite: a new database file per test, second instances on the same file, raw-SQL tampering.</summary>
public sealed class SqliteConformanceProvider : IStoreConformanceProvider, IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "mlops-sqlite-conformance", Guid.NewGuid().ToString("N"));

    public async Task<IMlopsStore> CreateStoreAsync(CancellationToken cancellationToken)
    {
        var path = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".db");
        var store = new SqliteMlopsStore(new SqliteStoreOptions { ConnectionString = $"Data Source={path}" });
        await store.InitializeAsync(cancellationToken);
        return store;
    }

    public async Task<IMlopsStore> OpenSecondInstanceAsync(IMlopsStore first, CancellationToken cancellationToken)
    {
        var store = new SqliteMlopsStore(new SqliteStoreOptions { ConnectionString = $"Data Source={PathOf(first)}" });
        await store.InitializeAsync(cancellationToken);
        return store;
    }

    public Task TamperJournalPayloadAsync(IMlopsStore store, long sequence, string newPayload, CancellationToken cancellationToken) =>
        ExecuteRawAsync(store, "UPDATE journal SET payload = $payload WHERE sequence = $sequence",
            ("$payload", newPayload), ("$sequence", sequence));

    public Task DeleteJournalEntryAsync(IMlopsStore store, long sequence, CancellationToken cancellationToken) =>
        ExecuteRawAsync(store, "DELETE FROM journal WHERE sequence = $sequence", ("$sequence", sequence));

    public void Dispose() => TestDirectories.Delete(_directory);

    private static string PathOf(IMlopsStore store) => ((SqliteMlopsStore)store).DatabasePath;

    private static async Task ExecuteRawAsync(IMlopsStore store, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new SqliteConnection($"Data Source={PathOf(store)};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var changed = await command.ExecuteNonQueryAsync();
        if (changed != 1)
        {
            throw new InvalidOperationException($"Expected to change one journal row, changed {changed}.");
        }
    }
}
