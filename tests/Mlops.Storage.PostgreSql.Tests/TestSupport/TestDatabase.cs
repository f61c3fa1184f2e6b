using Npgsql;

namespace Mlops.Storage.PostgreSql.Tests.TestSupport;

/// <summary>A new empty database on the test server, dropped on dispose, with raw-SQL access for assertions.</summary>
internal sealed class TestDatabase : IAsyncDisposable
{
    private TestDatabase(string connectionString) => ConnectionString = connectionString;

    public string ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync() =>
        new(await TestServer.CreateDatabaseAsync(TestContext.Current.CancellationToken));

    public PostgreSqlMlopsStore Open(int? schemaVersionLimit = null) =>
        new(new PostgreSqlStoreOptions { ConnectionString = ConnectionString }, schemaVersionLimit: schemaVersionLimit);

    public async Task<PostgreSqlMlopsStore> OpenInitializedAsync(int? schemaVersionLimit = null)
    {
        var store = Open(schemaVersionLimit);
        await store.InitializeAsync(TestContext.Current.CancellationToken);
        return store;
    }

    public async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? null : value;
    }

    public ValueTask DisposeAsync() => new(TestServer.DropDatabaseAsync(ConnectionString));
}
