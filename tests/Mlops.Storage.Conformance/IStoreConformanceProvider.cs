namespace Mlops.Storage.Conformance;

/// <summary>
/// What a metadata-store provider supplies to run the conformance suite: fresh databases, a second store object on the
/// same database, and two ways to damage the journal behind the store's back. One instance serves one test; if it also
/// implements <see cref="IAsyncDisposable"/> or <see cref="IDisposable"/> it is disposed after the test's stores, so it can
/// delete its temporary files or databases.
/// </summary>
public interface IStoreConformanceProvider
{
    /// <summary>Creates a fresh, empty, initialized store on a new database.</summary>
    Task<IMlopsStore> CreateStoreAsync(CancellationToken cancellationToken);

    /// <summary>Opens another store object on the same database as <paramref name="first"/> (stands in for a second process).</summary>
    Task<IMlopsStore> OpenSecondInstanceAsync(IMlopsStore first, CancellationToken cancellationToken);

    /// <summary>Replaces the payload of the stored journal entry <paramref name="sequence"/> without going through the store (raw SQL).</summary>
    Task TamperJournalPayloadAsync(IMlopsStore store, long sequence, string newPayload, CancellationToken cancellationToken);

    /// <summary>Deletes the stored journal entry <paramref name="sequence"/> without going through the store (raw SQL); leaves the head record alone.</summary>
    Task DeleteJournalEntryAsync(IMlopsStore store, long sequence, CancellationToken cancellationToken);
}
