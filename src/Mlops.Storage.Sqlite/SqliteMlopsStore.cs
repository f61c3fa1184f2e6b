using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Mlops.Storage.Relational;
using Mlops.Storage.Sqlite.Internal;
using Mlops.Storage.Sqlite.Search;
using Mlops.Storage.Sqlite.Schema;

namespace Mlops.Storage.Sqlite;

/// <summary>
/// The SQLite metadata store. One dedicated writer connection per instance, guarded by a semaphore, runs every write in
/// <c>BEGIN IMMEDIATE</c> (so writers in other processes queue on SQLite's lock instead of failing on a lock upgrade);
/// reads use pooled connections, which WAL lets run beside the writer. A busy database is waited for (busy timeout),
/// then the whole transaction is retried with backoff a bounded number of times. The store logic itself is
/// <see cref="RelationalMlopsStore"/>, shared with the PostgreSQL provider; this class holds the connection plumbing and
/// the metric ingest path.
/// </summary>
internal sealed partial class SqliteMlopsStore : RelationalMlopsStore
{
    private readonly string _writerConnectionString;
    private readonly string _readerConnectionString;
    private readonly TimeSpan _busyTimeout;
    private readonly int _maxBusyRetries;
    private readonly SqliteSynchronousMode _synchronous;
    private readonly int _targetSchemaVersion;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    private SqliteConnection? _writer;
    private MetricWriter? _metricWriter;
    private volatile bool _disposed;

    /// <summary>Creates a store; nothing is opened until <see cref="RelationalMlopsStore.InitializeAsync"/> or the first call.</summary>
    /// <param name="options">The options (connection string, timeouts, durability).</param>
    /// <param name="timeProvider">The clock for retry delays.</param>
    /// <param name="logger">Where retries and migrations are logged.</param>
    /// <param name="schemaVersionLimit">Tests only: migrate no further than this version, to build an old-schema database.</param>
    public SqliteMlopsStore(SqliteStoreOptions options, TimeProvider? timeProvider = null, ILogger? logger = null, int? schemaVersionLimit = null)
        : base(SqliteDialect.Instance, timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new MlopsValidationException("ConnectionString", options.ConnectionString, "the SQLite connection string is required.");
        }

        var parsed = new SqliteConnectionStringBuilder(options.ConnectionString);
        if (string.IsNullOrWhiteSpace(parsed.DataSource) || parsed.DataSource == ":memory:" || parsed.Mode == SqliteOpenMode.Memory)
        {
            throw new MlopsValidationException("ConnectionString", options.ConnectionString,
                "the SQLite store needs a database file (Data Source=path); in-memory databases are not supported.");
        }

        DatabasePath = Path.GetFullPath(parsed.DataSource);
        _busyTimeout = options.BusyTimeout;
        _maxBusyRetries = options.MaxBusyRetries;
        _synchronous = options.Synchronous;
        _targetSchemaVersion = schemaVersionLimit ?? SqliteMigrations.LatestVersion;
        if (_targetSchemaVersion < 1 || _targetSchemaVersion > SqliteMigrations.LatestVersion)
        {
            throw new ArgumentOutOfRangeException(nameof(schemaVersionLimit));
        }

        _logger = logger ?? NullLogger.Instance;

        // Microsoft.Data.Sqlite also retries a busy statement until the command timeout: keep it close to the busy timeout.
        // Its timeout has whole seconds and 0 would mean "wait forever", hence at least 1.
        var commandTimeoutSeconds = Math.Max(1, (int)Math.Ceiling(_busyTimeout.TotalSeconds));
        parsed.DataSource = DatabasePath;
        parsed.DefaultTimeout = commandTimeoutSeconds;
        parsed.ForeignKeys = true;
        parsed.Mode = SqliteOpenMode.ReadWriteCreate;
        parsed.Pooling = false;
        _writerConnectionString = parsed.ToString();
        parsed.Pooling = true;
        parsed.ForeignKeys = null;
        parsed.Mode = SqliteOpenMode.ReadWrite;
        _readerConnectionString = parsed.ToString();
    }

    /// <inheritdoc />
    public override string ProviderName => "sqlite";

    /// <summary>The full path of the database file.</summary>
    internal string DatabasePath { get; }

    /// <inheritdoc />
    private protected override bool IsDisposed => _disposed;

    /// <inheritdoc />
    private protected override Task<int> OpenAndMigrateAsync(CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(DatabasePath);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        return RetryOnBusyAsync("opening and migrating the database", OpenAndMigrate, cancellationToken);
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _writeLock.Wait();
        try
        {
            _metricWriter?.Dispose();
            _metricWriter = null;
            _writer?.Dispose();
            _writer = null;
        }
        finally
        {
            _writeLock.Release();
        }

        using (var reader = new SqliteConnection(_readerConnectionString))
        {
            // Pooled readers keep the file open; release them so the file can be moved or deleted.
            SqliteConnection.ClearPool(reader);
        }
    }

    /// <inheritdoc />
    public override ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Runs <paramref name="body"/> on the writer connection inside <c>BEGIN IMMEDIATE</c> ... <c>COMMIT</c>.</summary>
    /// <remarks>
    /// Every write is serialized (one writer connection, and <c>BEGIN IMMEDIATE</c> across processes), whatever
    /// <paramref name="serialized"/> says. The body may run more than once (retries on a busy database), so it must not
    /// change state outside the database.
    /// </remarks>
    private protected override async Task<T> WriteAsync<T>(string operation, bool serialized, Func<DbConnection, T> body, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var writer = _writer!;
            return await RetryOnBusyAsync(operation, () => InTransaction(writer, body), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Runs <paramref name="body"/> on a pooled reader connection.</summary>
    private protected override async Task<T> ReadAsync<T>(string operation, Func<DbConnection, T> body, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        return await RetryOnBusyAsync(operation, () =>
        {
            using var connection = new SqliteConnection(_readerConnectionString);
            connection.Open();
            return body(connection);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs <paramref name="body"/> on a pooled reader inside one read transaction, so that a load spread over several
    /// statements (a model, its tags, its aliases) sees one snapshot even while another connection writes.
    /// </summary>
    private protected override Task<T> ReadSnapshotAsync<T>(string operation, Func<DbConnection, T> body, CancellationToken cancellationToken) =>
        ReadAsync(operation, connection =>
        {
            connection.Execute("BEGIN");
            try
            {
                var result = body(connection);
                connection.Execute("COMMIT");
                return result;
            }
            catch
            {
                SqliteSchemaMigrator.TryRollback((SqliteConnection)connection);
                throw;
            }
        }, cancellationToken);

    private static T InTransaction<T>(SqliteConnection connection, Func<DbConnection, T> body)
    {
        connection.Execute("BEGIN IMMEDIATE");
        try
        {
            var result = body(connection);
            connection.Execute("COMMIT");
            return result;
        }
        catch
        {
            SqliteSchemaMigrator.TryRollback(connection);
            throw;
        }
    }

    private async Task<T> RetryOnBusyAsync<T>(string operation, Func<T> action, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return action();
            }
            catch (SqliteException exception) when (SqliteErrors.IsBusy(exception))
            {
                if (attempt > _maxBusyRetries)
                {
                    throw new MlopsStorageException(
                        $"The SQLite database '{DatabasePath}' stayed locked by another connection or process while {operation}: "
                        + $"gave up after {attempt} attempts of up to {_busyTimeout.TotalSeconds:0.#} s each. Nothing was written by this call. "
                        + "Check for a process holding a long transaction, or raise BusyTimeout / MaxBusyRetries.", exception);
                }

                var delay = Backoff(attempt);
                SqliteStoreLog.BusyRetry(_logger, DatabasePath, operation, attempt, _maxBusyRetries, delay.TotalMilliseconds, exception);
                // Real time, not the app's TimeProvider: the contention is real (another connection or process), and a
                // test that drives the app's clock by hand must not freeze the store's writers.
                await Task.Delay(delay, TimeProvider.System, cancellationToken).ConfigureAwait(false);
            }
            catch (SqliteException exception)
            {
                throw new MlopsStorageException(
                    $"SQLite error while {operation} on '{DatabasePath}': {exception.Message} Nothing was written by this call.", exception);
            }
        }
    }

    private int OpenAndMigrate()
    {
        if (_writer is null)
        {
            var connection = new SqliteConnection(_writerConnectionString);
            try
            {
                connection.Open();
                var busyMs = (long)_busyTimeout.TotalMilliseconds;
                var synchronous = _synchronous == SqliteSynchronousMode.Normal ? "NORMAL" : "FULL";
                // PRAGMA values cannot be parameters; both come from typed options, not from text.
                connection.Execute(string.Create(CultureInfo.InvariantCulture,
                    $"PRAGMA busy_timeout = {busyMs}; PRAGMA synchronous = {synchronous}; PRAGMA foreign_keys = ON;"));
                var mode = Convert.ToString(connection.Command("PRAGMA journal_mode = WAL").Scalar(), CultureInfo.InvariantCulture);
                if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                {
                    throw new MlopsStorageException(
                        $"The SQLite database '{DatabasePath}' could not be switched to WAL mode (it reports '{mode}'); "
                        + "WAL needs a local file system with shared-memory support.");
                }
            }
            catch
            {
                connection.Dispose();
                throw;
            }

            _writer = connection;
        }

        return SqliteSchemaMigrator.Migrate(_writer, _targetSchemaVersion, DatabasePath, _logger);
    }

    /// <summary>Tests only: the pragmas in effect on the writer connection.</summary>
    internal async Task<IReadOnlyDictionary<string, string>> ReadWriterPragmasAsync(CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var pragma in new[] { "journal_mode", "synchronous", "foreign_keys", "busy_timeout" })
            {
                result[pragma] = Convert.ToString(_writer!.Command("PRAGMA " + pragma).Scalar(), CultureInfo.InvariantCulture) ?? string.Empty;
            }

            return result;
        }
        finally
        {
            _writeLock.Release();
        }
    }
}
