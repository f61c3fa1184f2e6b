using System.Data;
using Mlops.Storage.Relational;
using Npgsql;
using NpgsqlTypes;

namespace Mlops.Storage.PostgreSql;

internal sealed partial class PostgreSqlMlopsStore : IMlopsStoreTransfer
{
    /// <inheritdoc />
    public async Task ExportAsync(IStoreRowSink sink, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sink);
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        ObjectDisposedException.ThrowIf(_disposed, this);
        // Not through ReadSnapshotAsync: its retry would run the body again and hand the sink the same rows twice.
        try
        {
            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var connectionScope = connection.ConfigureAwait(false);
            var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
            await using var transactionScope = transaction.ConfigureAwait(false);
            connection.Execute("SET TRANSACTION READ ONLY");
            TransferTables.Export(connection, sink, cancellationToken);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException exception)
        {
            throw new MlopsStorageException($"PostgreSQL error while exporting '{DatabaseName}': {exception.Message}", exception);
        }
    }

    /// <inheritdoc />
    public async Task<IStoreImport> BeginImportAsync(CancellationToken cancellationToken = default)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        ObjectDisposedException.ThrowIf(_disposed, this);
        NpgsqlConnection? connection = null;
        try
        {
            connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
            connection.Command("SELECT pg_advisory_xact_lock(@key)").With("@key", WriteLockKey).Scalar();
            foreach (var definition in TransferTables.All)
            {
                if (connection.Command($"SELECT EXISTS (SELECT 1 FROM {definition.Name})").Scalar() is true)
                {
                    throw new MlopsConflictException(
                        $"Cannot import into the PostgreSQL store '{DatabaseName}': it is not empty (table '{definition.Name}' has rows). "
                        + "A store is copied into a new, empty store only. Nothing was imported.");
                }
            }

            return new Import(this, connection, transaction);
        }
        catch (NpgsqlException exception)
        {
            await DisposeQuietlyAsync(connection).ConfigureAwait(false);
            throw new MlopsStorageException($"PostgreSQL error while starting an import into '{DatabaseName}': {exception.Message} Nothing was imported.", exception);
        }
        catch
        {
            await DisposeQuietlyAsync(connection).ConfigureAwait(false);
            throw;
        }
    }

    private static async ValueTask DisposeQuietlyAsync(NpgsqlConnection? connection)
    {
        if (connection is not null)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>An import on one connection, in one transaction holding the write lock; each table arrives by binary COPY.</summary>
    private sealed class Import(PostgreSqlMlopsStore store, NpgsqlConnection connection, NpgsqlTransaction transaction) : IStoreImport
    {
        private NpgsqlBinaryImporter? _copy;
        private string? _table;
        private bool _done;

        public void BeginTable(StoreTable table)
        {
            ArgumentNullException.ThrowIfNull(table);
            ThrowIfDone();
            var definition = TransferTables.Match(table, "PostgreSQL");
            _copy = Guard(() => connection.BeginBinaryImport($"COPY {definition.Name} ({definition.ColumnList}) FROM STDIN (FORMAT BINARY)"));
            _table = table.Name;
        }

        public void WriteRow(object?[] values)
        {
            ArgumentNullException.ThrowIfNull(values);
            ThrowIfDone();
            var copy = _copy ?? throw new InvalidOperationException("A row came before any table began.");
            Guard(() =>
            {
                copy.StartRow();
                foreach (var value in values)
                {
                    switch (value)
                    {
                        case null: copy.WriteNull(); break;
                        case long number: copy.Write(number, NpgsqlDbType.Bigint); break;
                        case int number: copy.Write((long)number, NpgsqlDbType.Bigint); break;
                        case double real: copy.Write(real, NpgsqlDbType.Double); break;
                        case string text: copy.Write(text, NpgsqlDbType.Text); break;
                        case byte[] bytes: copy.Write(bytes, NpgsqlDbType.Bytea); break;
                        default:
                            throw new MlopsStorageException(
                                $"Cannot import a value of type {value.GetType().Name} into table '{_table}': a transfer carries integers, reals, text and bytes only.");
                    }
                }

                return true;
            });
        }

        public void EndTable()
        {
            if (_copy is { } copy)
            {
                _copy = null;
                Guard(() => copy.Complete());
                copy.Dispose();
            }

            _table = null;
        }

        public async Task CommitAsync(CancellationToken cancellationToken = default)
        {
            ThrowIfDone();
            EndTable();
            // The rows brought their own keys; move each identity past them so that new rows do not collide.
            foreach (var definition in TransferTables.All)
            {
                if (definition.IdentityColumn is { } column)
                {
                    Guard(() => connection.Command(
                        $"SELECT setval(pg_get_serial_sequence('{definition.Name}', '{column}'), COALESCE((SELECT MAX({column}) FROM {definition.Name}), 0) + 1, false)")
                        .Scalar());
                }
            }

            try
            {
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (NpgsqlException exception) when (exception is not PostgresException)
            {
                _done = true;
                await connection.DisposeAsync().ConfigureAwait(false);
                throw new MlopsStorageException(
                    $"The connection to PostgreSQL database '{store.DatabaseName}' was lost while committing the import: it may or may not have "
                    + "been applied. Check whether the target has rows before importing again.", exception, outcomeUnknown: true);
            }
            catch (NpgsqlException exception)
            {
                throw new MlopsStorageException(
                    $"PostgreSQL error while committing the import into '{store.DatabaseName}': {exception.Message} Nothing was imported.", exception);
            }

            _done = true;
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        public async ValueTask DisposeAsync()
        {
            if (_done)
            {
                return;
            }

            _done = true;
            _copy?.Dispose();
            _copy = null;
            await transaction.DisposeAsync().ConfigureAwait(false);
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        private T Guard<T>(Func<T> action)
        {
            try
            {
                return action();
            }
            catch (NpgsqlException exception)
            {
                throw new MlopsStorageException(
                    $"PostgreSQL error while importing table '{_table}' into '{store.DatabaseName}': {exception.Message} Nothing was imported.", exception);
            }
        }

        private void ThrowIfDone() => ObjectDisposedException.ThrowIf(_done, this);
    }
}
