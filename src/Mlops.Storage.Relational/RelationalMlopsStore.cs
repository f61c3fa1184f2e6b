using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using Mlops.Storage.Relational.Search;

namespace Mlops.Storage.Relational;

/// <summary>
/// The store logic shared by the SQLite and PostgreSQL providers, written once against ADO.NET: experiments, runs,
/// params and tags, metric reads, dataset inputs, run artifacts, search, the registry, the journal, governance and
/// inference records. A provider derives from it and supplies only what really differs between engines: how a read, a
/// snapshot read and a write transaction get a connection (locking, isolation, retries, error mapping), how a batch of
/// metric points is written, and the few SQL differences of its <see cref="ISqlDialect"/>.
/// </summary>
/// <remarks>
/// This file is compiled into each provider assembly by link (it has no assembly of its own), so every type here is
/// internal to the provider that compiles it and adds nothing to a public surface.
/// </remarks>
internal abstract partial class RelationalMlopsStore : IMlopsStore, IAsyncDisposable, IDisposable
{
    // Runs never change id and are never deleted, so a resolved run key stays valid for the life of the database.
    private readonly ConcurrentDictionary<string, long> _runKeys = new(StringComparer.Ordinal);
    private readonly SqlRunSearchTranslator _runSearch;
    private readonly SqlModelSearchTranslator _modelSearch;
    private readonly SemaphoreSlim _initLock = new(1, 1);
    private volatile bool _initialized;

    /// <summary>Creates the shared half of a store.</summary>
    /// <param name="dialect">The engine's SQL differences.</param>
    /// <param name="timeProvider">The clock for tag-change times (and the provider's retry delays).</param>
    private protected RelationalMlopsStore(ISqlDialect dialect, TimeProvider? timeProvider)
    {
        Dialect = dialect;
        TimeProvider = timeProvider ?? TimeProvider.System;
        _runSearch = new SqlRunSearchTranslator(dialect);
        _modelSearch = new SqlModelSearchTranslator(dialect);
    }

    /// <inheritdoc />
    public abstract string ProviderName { get; }

    /// <summary>The engine's SQL differences.</summary>
    private protected ISqlDialect Dialect { get; }

    /// <summary>The clock for tag-change times and retry delays.</summary>
    private protected TimeProvider TimeProvider { get; }

    /// <summary>The schema version the database was migrated to by <see cref="InitializeAsync"/>.</summary>
    private protected int SchemaVersion { get; private set; }

    /// <summary>Whether the provider was disposed; checked before opening anything.</summary>
    private protected abstract bool IsDisposed { get; }

    /// <inheritdoc />
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        if (_initialized)
        {
            return;
        }

        await _initLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(IsDisposed, this);
            if (_initialized)
            {
                return;
            }

            SchemaVersion = await OpenAndMigrateAsync(cancellationToken).ConfigureAwait(false);
            _initialized = true;
        }
        finally
        {
            _initLock.Release();
        }
    }

    /// <summary>Closes the provider's connections; later calls throw <see cref="ObjectDisposedException"/>.</summary>
    public abstract void Dispose();

    /// <inheritdoc cref="Dispose"/>
    public abstract ValueTask DisposeAsync();

    /// <summary>Opens the database and migrates it (once per store); returns the schema version reached.</summary>
    private protected abstract Task<int> OpenAndMigrateAsync(CancellationToken cancellationToken);

    /// <summary>Exponential backoff from 20 ms, capped at 2 s, with jitter so that competing processes do not retry in step.</summary>
    internal static TimeSpan Backoff(int attempt)
    {
        var ceiling = Math.Min(2000, 20 * (1 << Math.Min(attempt, 10)));
        return TimeSpan.FromMilliseconds(ceiling / 2 + RandomNumberGenerator.GetInt32(ceiling / 2 + 1));
    }

    /// <inheritdoc />
    public Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken = default) =>
        ReadAsync("reading the schema version", connection => Convert.ToInt32(
            connection.Command("SELECT version FROM mlops_schema_version WHERE id = 1").Scalar(), CultureInfo.InvariantCulture), cancellationToken);

    /// <summary>
    /// Runs <paramref name="body"/> in one write transaction. When <paramref name="serialized"/>, the transaction holds
    /// the database's write lock from its start, so a body that reads before it decides (get-or-create, version numbers,
    /// aliases, revisions, the journal head) sees every earlier write; SQLite holds that lock for every write.
    /// </summary>
    /// <remarks>The body may run more than once (retries), so it must not change state outside the database.</remarks>
    private protected abstract Task<T> WriteAsync<T>(string operation, bool serialized, Func<DbConnection, T> body, CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="body"/> on a connection, outside any explicit transaction.</summary>
    private protected abstract Task<T> ReadAsync<T>(string operation, Func<DbConnection, T> body, CancellationToken cancellationToken);

    /// <summary>
    /// Runs <paramref name="body"/> inside one read transaction, so that a load spread over several statements (a model,
    /// its tags, its aliases) sees one snapshot even while other connections write.
    /// </summary>
    private protected abstract Task<T> ReadSnapshotAsync<T>(string operation, Func<DbConnection, T> body, CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="body"/> in one transaction holding the database's write lock.</summary>
    private protected Task<T> WriteAsync<T>(string operation, Func<DbConnection, T> body, CancellationToken cancellationToken) =>
        WriteAsync(operation, serialized: true, body, cancellationToken);

    private protected async Task WriteAsync(string operation, Action<DbConnection> body, CancellationToken cancellationToken) =>
        await WriteAsync(operation, serialized: true, connection =>
        {
            body(connection);
            return true;
        }, cancellationToken).ConfigureAwait(false);
}
