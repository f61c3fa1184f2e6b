using Microsoft.Data.Sqlite;

namespace Mlops.Storage.Sqlite.Tests.TestSupport;

/// <summary>A database file in a unique temporary directory; opens stores on it and deletes everything when disposed.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly List<SqliteMlopsStore> _stores = [];

    public TestDatabase(string fileName = "mlops.db")
    {
        Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mlops-sqlite-tests", Guid.NewGuid().ToString("N"));
        Path = System.IO.Path.Combine(Directory, fileName);
    }

    public string Directory { get; }

    public string Path { get; }

    public string ConnectionString => $"Data Source={Path}";

    internal SqliteMlopsStore Open(Action<SqliteStoreOptions>? configure = null, int? schemaVersionLimit = null)
    {
        var options = new SqliteStoreOptions { ConnectionString = ConnectionString };
        configure?.Invoke(options);
        var store = new SqliteMlopsStore(options, schemaVersionLimit: schemaVersionLimit);
        lock (_stores)
        {
            _stores.Add(store);
        }

        return store;
    }

    internal async Task<SqliteMlopsStore> OpenInitializedAsync(Action<SqliteStoreOptions>? configure = null, int? schemaVersionLimit = null)
    {
        var store = Open(configure, schemaVersionLimit);
        await store.InitializeAsync(TestContext.Current.CancellationToken);
        return store;
    }

    /// <summary>A raw connection that bypasses the store, for checks and for tampering.</summary>
    public SqliteConnection OpenRaw()
    {
        var connection = new SqliteConnection($"Data Source={Path};Pooling=False");
        connection.Open();
        return connection;
    }

    public object? Scalar(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = OpenRaw();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command.ExecuteScalar();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        TestDirectories.Delete(Directory);
    }
}
