namespace Mlops.Storage.Conformance;

/// <summary>
/// Binds the abstract members of <see cref="StoreConformanceBase"/> to an <see cref="IStoreConformanceProvider"/>, so that a
/// provider's test project writes one provider class and a one-line class per area, such as
/// <c>public sealed class SqliteRunTests : RunConformanceTests&lt;SqliteConformanceProvider&gt;;</c>.
/// </summary>
/// <typeparam name="TProvider">The provider; a new instance serves each test.</typeparam>
public abstract class StoreConformanceBase<TProvider> : StoreConformanceBase
    where TProvider : IStoreConformanceProvider, new()
{
    /// <summary>The provider serving this test.</summary>
    protected TProvider Provider { get; } = new();

    /// <inheritdoc />
    protected sealed override Task<IMlopsStore> CreateStoreAsync(CancellationToken cancellationToken) =>
        Provider.CreateStoreAsync(cancellationToken);

    /// <inheritdoc />
    protected sealed override Task<IMlopsStore> OpenSecondInstanceAsync(IMlopsStore first, CancellationToken cancellationToken) =>
        Provider.OpenSecondInstanceAsync(first, cancellationToken);

    /// <inheritdoc />
    protected sealed override Task TamperJournalPayloadAsync(IMlopsStore store, long sequence, string newPayload, CancellationToken cancellationToken) =>
        Provider.TamperJournalPayloadAsync(store, sequence, newPayload, cancellationToken);

    /// <inheritdoc />
    protected sealed override Task DeleteJournalEntryAsync(IMlopsStore store, long sequence, CancellationToken cancellationToken) =>
        Provider.DeleteJournalEntryAsync(store, sequence, cancellationToken);

    /// <inheritdoc />
    protected override async ValueTask DisposeTestResourcesAsync()
    {
        switch (Provider)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }
}
