using System.Data;
using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Mlops.Storage.PostgreSql.Internal;
using Mlops.Storage.PostgreSql.Schema;
using Mlops.Storage.PostgreSql.Search;
using Mlops.Storage.Relational;
using Npgsql;

namespace Mlops.Storage.PostgreSql;

/// <summary>
/// The PostgreSQL metadata store. Every write runs in one transaction on a pooled connection; writes that read before
/// they decide (get-or-create, version numbers, aliases, governance revisions) and every journal append first take one
/// transaction-level advisory lock of the database, so they are serialized across threads, store objects and processes
/// exactly as SQLite's <c>BEGIN IMMEDIATE</c> serializes them, and the journal chain stays contiguous. Metric ingest
/// needs no such lock (binary COPY plus an idempotent upsert) and runs beside other writers. Reads of several statements
/// run in one repeatable-read snapshot. Transient failures (deadlock, serialization failure, a connection lost before
/// commit) retry the whole transaction with backoff; a connection lost during commit is reported, never retried, so a
/// journal entry is never written twice. The store logic itself is <see cref="RelationalMlopsStore"/>, shared with the
/// SQLite provider; this class holds the connection plumbing, the error mapping and the COPY metric ingest.
/// </summary>
internal sealed partial class PostgreSqlMlopsStore : RelationalMlopsStore
{
    /// <summary>The advisory lock key of serialized writes: "mlops" + "wr" in ASCII.</summary>
    internal const long WriteLockKey = 0x6D6C6F70_73007772;

    private readonly NpgsqlDataSource _dataSource;
    private readonly int _maxRetries;
    private readonly int _targetSchemaVersion;
    private readonly ILogger _logger;

    private volatile bool _disposed;

    /// <summary>Creates a store; nothing is opened until <see cref="RelationalMlopsStore.InitializeAsync"/> or the first call.</summary>
    /// <param name="options">The options (connection string, retries).</param>
    /// <param name="timeProvider">The clock for retry delays and tag-change times.</param>
    /// <param name="logger">Where retries and migrations are logged.</param>
    /// <param name="schemaVersionLimit">Tests only: migrate no further than this version, to build an old-schema database.</param>
    public PostgreSqlMlopsStore(PostgreSqlStoreOptions options, TimeProvider? timeProvider = null, ILogger? logger = null, int? schemaVersionLimit = null)
        : base(PostgreSqlDialect.Instance, timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new MlopsValidationException("ConnectionString", null, "the PostgreSQL connection string is required.");
        }

        NpgsqlConnectionStringBuilder parsed;
        try
        {
            parsed = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        }
        catch (ArgumentException exception)
        {
            throw new MlopsValidationException("ConnectionString", null, "the PostgreSQL connection string is malformed: " + exception.Message);
        }

        if (string.IsNullOrWhiteSpace(parsed.Host))
        {
            throw new MlopsValidationException("ConnectionString", null, "the PostgreSQL connection string names no Host.");
        }

        DatabaseName = $"{parsed.Host}:{parsed.Port}/{parsed.Database ?? parsed.Username}";
        _maxRetries = options.MaxRetries;
        _targetSchemaVersion = schemaVersionLimit ?? PostgreSqlMigrations.LatestVersion;
        if (_targetSchemaVersion < 1 || _targetSchemaVersion > PostgreSqlMigrations.LatestVersion)
        {
            throw new ArgumentOutOfRangeException(nameof(schemaVersionLimit));
        }

        _logger = logger ?? NullLogger.Instance;
        parsed.Enlist = false;
        _dataSource = NpgsqlDataSource.Create(parsed.ConnectionString);
    }

    /// <inheritdoc />
    public override string ProviderName => "postgresql";

    /// <summary>Host, port and database, for messages (never the password).</summary>
    internal string DatabaseName { get; }

    /// <summary>The store's connections, shared with <see cref="PostgreSqlJournalNotifier"/>.</summary>
    internal NpgsqlDataSource DataSource => _dataSource;

    /// <inheritdoc />
    private protected override bool IsDisposed => _disposed;

    /// <inheritdoc />
    private protected override Task<int> OpenAndMigrateAsync(CancellationToken cancellationToken) =>
        RetryAsync("opening and migrating the database", () =>
        {
            using var connection = _dataSource.OpenConnection();
            return PostgreSqlSchemaMigrator.Migrate(connection, _targetSchemaVersion, DatabaseName, _logger);
        }, cancellationToken);

    /// <inheritdoc />
    public override void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _dataSource.Dispose();
    }

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="body"/> in one transaction, holding the write lock when <paramref name="serialized"/>.</summary>
    /// <remarks>The body may run more than once (retries), so it must not change state outside the database.</remarks>
    private protected override async Task<T> WriteAsync<T>(string operation, bool serialized, Func<DbConnection, T> body, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        return await RetryAsync(operation, () =>
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var connection = _dataSource.OpenConnection();
            using var transaction = connection.BeginTransaction(IsolationLevel.ReadCommitted);
            if (serialized)
            {
                // Taken by its own statement, so every later statement's snapshot includes what the previous holder committed.
                connection.Command("SELECT pg_advisory_xact_lock(@key)").With("@key", WriteLockKey).Scalar();
            }

            var result = body(connection);
            try
            {
                transaction.Commit();
            }
            catch (NpgsqlException exception) when (exception is not PostgresException)
            {
                // The connection broke while COMMIT was on its way: the transaction may or may not have committed, so it
                // must not be retried (a journal entry could be written twice).
                throw new MlopsStorageException(
                    $"The connection to PostgreSQL database '{DatabaseName}' was lost while committing ({operation}): the change may or may not "
                    + "have been applied. Read the state (or the journal head) before trying again.", exception, outcomeUnknown: true);
            }

            return result;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="body"/> on a pooled connection, outside any explicit transaction.</summary>
    private protected override async Task<T> ReadAsync<T>(string operation, Func<DbConnection, T> body, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        return await RetryAsync(operation, () =>
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var connection = _dataSource.OpenConnection();
            return body(connection);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs <paramref name="body"/> inside one repeatable-read transaction, so that a load spread over several statements
    /// (a model, its tags, its aliases) sees one snapshot even while other connections write.
    /// </summary>
    private protected override async Task<T> ReadSnapshotAsync<T>(string operation, Func<DbConnection, T> body, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        return await RetryAsync(operation, () =>
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var connection = _dataSource.OpenConnection();
            using var transaction = connection.BeginTransaction(IsolationLevel.RepeatableRead);
            var result = body(connection);
            transaction.Commit();
            return result;
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<T> RetryAsync<T>(string operation, Func<T> action, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return action();
            }
            catch (PostgresException exception) when (exception.SqlState == PostgreSqlErrors.UniqueViolation)
            {
                // Code checks before it inserts; a unique violation means another writer got there first.
                throw new MlopsConflictException(
                    $"Conflict while {operation} on PostgreSQL database '{DatabaseName}': {exception.MessageText} "
                    + $"({exception.ConstraintName}). Nothing was written by this call.");
            }
            catch (NpgsqlException exception) when (PostgreSqlErrors.IsRetryable(exception))
            {
                if (attempt > _maxRetries)
                {
                    throw new MlopsStorageException(
                        $"PostgreSQL database '{DatabaseName}' kept failing transiently while {operation}: gave up after {attempt} attempts. "
                        + $"Nothing was written by this call. Last error: {exception.Message}", exception);
                }

                var delay = Backoff(attempt);
                PostgreSqlStoreLog.Retry(_logger, DatabaseName, operation, attempt, _maxRetries, delay.TotalMilliseconds, exception);
                ClearPoolAfterConnectionLoss(exception);
                // Real time, not the app's TimeProvider: the contention is real (another connection or process), and a
                // test that drives the app's clock by hand must not freeze the store's writers.
                await Task.Delay(delay, TimeProvider.System, cancellationToken).ConfigureAwait(false);
            }
            catch (NpgsqlException exception)
            {
                throw new MlopsStorageException(
                    $"PostgreSQL error while {operation} on '{DatabaseName}': {exception.Message} Nothing was written by this call.", exception);
            }
        }
    }

    // After a server restart every pooled connection is dead; drop them so that the retry opens fresh ones.
    private void ClearPoolAfterConnectionLoss(NpgsqlException exception)
    {
        if (exception is not PostgresException || exception is PostgresException { SqlState: "57P01" })
        {
            using var connection = _dataSource.CreateConnection();
            NpgsqlConnection.ClearPool(connection);
        }
    }
}
