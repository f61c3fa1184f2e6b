namespace Mlops.Storage;

/// <summary>
/// Row-level access to a whole store, for copying it into another store of the same schema (moving up from SQLite to
/// PostgreSQL, or back down). Both built-in stores implement it; <see cref="MlopsStoreCopy"/> drives it and checks the copy.
/// </summary>
/// <remarks>
/// The transfer format is the schema itself: the tables in dependency order, each with its columns by name, and values
/// that are <see cref="long"/>, <see cref="double"/>, <see cref="string"/>, <see cref="byte"/>[] or <see langword="null"/>.
/// Two stores can exchange rows when they report the same schema version.
/// </remarks>
public interface IMlopsStoreTransfer
{
    /// <summary>
    /// Reads every table from one consistent snapshot (writes that commit after it starts are not included) and hands
    /// the rows to <paramref name="sink"/>, table by table in dependency order, rows in key order.
    /// </summary>
    Task ExportAsync(IStoreRowSink sink, CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts importing a whole store: takes the store's write lock, opens one transaction and checks that the store is
    /// empty (<see cref="MlopsConflictException"/> naming the first table that has rows otherwise). Nothing is visible to
    /// other readers until <see cref="IStoreImport.CommitAsync"/>; disposing without committing rolls everything back.
    /// </summary>
    Task<IStoreImport> BeginImportAsync(CancellationToken cancellationToken = default);
}

/// <summary>Receives a store's rows, one table at a time.</summary>
/// <remarks>Called synchronously from inside the exporting store's read snapshot; implementations must not block on other work.</remarks>
public interface IStoreRowSink
{
    /// <summary>Starts a table; the rows that follow have <see cref="StoreTable.Columns"/> in that order.</summary>
    void BeginTable(StoreTable table);

    /// <summary>One row of the current table; the array may be reused by the caller after this returns.</summary>
    void WriteRow(object?[] values);

    /// <summary>Ends the current table.</summary>
    void EndTable();
}

/// <summary>An import in progress: the rows written through it become visible together on <see cref="CommitAsync"/>.</summary>
public interface IStoreImport : IStoreRowSink, IAsyncDisposable
{
    /// <summary>
    /// Commits every row written, after restoring what the engine derives from them (identity counters). A connection
    /// lost during the commit is reported as <see cref="MlopsStorageException"/> saying the outcome is unknown.
    /// </summary>
    Task CommitAsync(CancellationToken cancellationToken = default);
}
