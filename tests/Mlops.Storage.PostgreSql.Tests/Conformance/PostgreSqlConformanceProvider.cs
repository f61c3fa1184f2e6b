using Mlops.Storage.Conformance;
using Mlops.Storage.PostgreSql.Tests.TestSupport;
using Npgsql;

namespace Mlops.Storage.PostgreSql.Tests.Conformance;

/// <summary>
/// Serves the conformance suite: a new database per test (CREATE DATABASE from the superuser connection, dropped when
/// the test ends), second store objects on the same database, raw-SQL tampering.
/// </summary>
public sealed class PostgreSqlConformanceProvider : IStoreConformanceProvider, IAsyncDisposable
{
    private readonly List<string> _databases = [];

    public async Task<IMlopsStore> CreateStoreAsync(CancellationToken cancellationToken)
    {
        var connectionString = await TestServer.CreateDatabaseAsync(cancellationToken);
        _databases.Add(connectionString);
        var store = new PostgreSqlMlopsStore(new PostgreSqlStoreOptions { ConnectionString = connectionString });
        await store.InitializeAsync(cancellationToken);
        return store;
    }

    public async Task<IMlopsStore> OpenSecondInstanceAsync(IMlopsStore first, CancellationToken cancellationToken)
    {
        var store = new PostgreSqlMlopsStore(new PostgreSqlStoreOptions { ConnectionString = ConnectionStringOf(first) });
        await store.InitializeAsync(cancellationToken);
        return store;
    }

    public Task TamperJournalPayloadAsync(IMlopsStore store, long sequence, string newPayload, CancellationToken cancellationToken) =>
        ExecuteRawAsync(store, "UPDATE journal SET payload = @payload WHERE sequence = @sequence", ("payload", newPayload), ("sequence", sequence));

    public Task DeleteJournalEntryAsync(IMlopsStore store, long sequence, CancellationToken cancellationToken) =>
        ExecuteRawAsync(store, "DELETE FROM journal WHERE sequence = @sequence", ("sequence", sequence));

    public async ValueTask DisposeAsync()
    {
        foreach (var database in _databases)
        {
            await TestServer.DropDatabaseAsync(database);
        }
    }

    private string ConnectionStringOf(IMlopsStore store)
    {
        var name = ((PostgreSqlMlopsStore)store).DatabaseName;
        return _databases.Single(d => name.EndsWith("/" + new NpgsqlConnectionStringBuilder(d).Database, StringComparison.Ordinal));
    }

    private async Task ExecuteRawAsync(IMlopsStore store, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionStringOf(store) + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
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
