using Microsoft.Data.Sqlite;
using Mlops.Storage.Relational;
using Mlops.Storage.Sqlite.Schema;

namespace Mlops.Storage.Sqlite;

internal sealed partial class SqliteMlopsStore : IMlopsStoreTransfer
{
    /// <inheritdoc />
    public async Task ExportAsync(IStoreRowSink sink, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sink);
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        ObjectDisposedException.ThrowIf(_disposed, this);
        // Not through ReadAsync: its busy retry would run the body again and hand the sink the same rows twice.
        using var connection = new SqliteConnection(_readerConnectionString);
        try
        {
            connection.Open();
            connection.Execute("BEGIN");
            try
            {
                TransferTables.Export(connection, sink, cancellationToken);
                connection.Execute("COMMIT");
            }
            catch
            {
                SqliteSchemaMigrator.TryRollback(connection);
                throw;
            }
        }
        catch (SqliteException exception)
        {
            throw new MlopsStorageException($"SQLite error while exporting '{DatabasePath}': {exception.Message}", exception);
        }
    }

    /// <inheritdoc />
    public async Task<IStoreImport> BeginImportAsync(CancellationToken cancellationToken = default)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var writer = _writer!;
            await RetryOnBusyAsync("starting an import", () => writer.Execute("BEGIN IMMEDIATE"), cancellationToken).ConfigureAwait(false);
            try
            {
                foreach (var definition in TransferTables.All)
                {
                    if (writer.Command($"SELECT EXISTS (SELECT 1 FROM {definition.Name})").Scalar() is long and not 0)
                    {
                        throw new MlopsConflictException(
                            $"Cannot import into the SQLite store '{DatabasePath}': it is not empty (table '{definition.Name}' has rows). "
                            + "A store is copied into a new, empty store only. Nothing was imported.");
                    }
                }
            }
            catch
            {
                SqliteSchemaMigrator.TryRollback(writer);
                throw;
            }

            return new Import(this, writer);
        }
        catch
        {
            _writeLock.Release();
            throw;
        }
    }

    /// <summary>An import holding the store's write lock and an open <c>BEGIN IMMEDIATE</c> transaction on the writer.</summary>
    private sealed class Import(SqliteMlopsStore store, SqliteConnection writer) : IStoreImport
    {
        private SqliteCommand? _insert;
        private string? _table;
        private bool _done;

        public void BeginTable(StoreTable table)
        {
            ArgumentNullException.ThrowIfNull(table);
            ThrowIfDone();
            var definition = TransferTables.Match(table, "SQLite");
            var parameters = string.Join(", ", Enumerable.Range(0, table.Columns.Count).Select(i => "@p" + i));
            _insert = (SqliteCommand)writer.Command($"INSERT INTO {definition.Name} ({definition.ColumnList}) VALUES ({parameters})");
            for (var i = 0; i < table.Columns.Count; i++)
            {
                _insert.Parameters.Add(new SqliteParameter("@p" + i, null));
            }

            _insert.Prepare();
            _table = table.Name;
        }

        public void WriteRow(object?[] values)
        {
            ArgumentNullException.ThrowIfNull(values);
            ThrowIfDone();
            var insert = _insert ?? throw new InvalidOperationException("A row came before any table began.");
            for (var i = 0; i < values.Length; i++)
            {
                insert.Parameters[i].Value = values[i] ?? DBNull.Value;
            }

            try
            {
                insert.ExecuteNonQuery();
            }
            catch (SqliteException exception)
            {
                throw new MlopsStorageException(
                    $"SQLite error while importing table '{_table}' into '{store.DatabasePath}': {exception.Message} Nothing was imported.", exception);
            }
        }

        public void EndTable()
        {
            _insert?.Dispose();
            _insert = null;
            _table = null;
        }

        public Task CommitAsync(CancellationToken cancellationToken = default)
        {
            ThrowIfDone();
            EndTable();
            try
            {
                writer.Execute("COMMIT");
            }
            catch (SqliteException exception)
            {
                throw new MlopsStorageException($"SQLite error while committing the import into '{store.DatabasePath}': {exception.Message}", exception);
            }

            Finish();
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync()
        {
            if (!_done)
            {
                EndTable();
                SqliteSchemaMigrator.TryRollback(writer);
                Finish();
            }

            return ValueTask.CompletedTask;
        }

        private void Finish()
        {
            _done = true;
            store._writeLock.Release();
        }

        private void ThrowIfDone() => ObjectDisposedException.ThrowIf(_done, this);
    }
}
