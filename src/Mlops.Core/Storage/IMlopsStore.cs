namespace Mlops.Storage;

/// <summary>
/// A metadata store provider: the whole contract in one object. Providers (SQLite, PostgreSQL) implement it and pass the
/// conformance suite in tests/Mlops.Storage.Conformance.
/// </summary>
public interface IMlopsStore : ITrackingStore, IJournalStore, IRegistryStore, IGovernanceStore
{
    /// <summary>A short provider name for diagnostics, such as <c>sqlite</c>.</summary>
    string ProviderName { get; }

    /// <summary>Opens the store and applies pending schema migrations. Idempotent; other members call it when needed.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>The schema version the store is at after <see cref="InitializeAsync"/>.</summary>
    Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken = default);
}
