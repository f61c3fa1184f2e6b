using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Time.Testing;

namespace Mlops.Artifacts.AzureBlob.Tests.TestSupport;

/// <summary>Hands out containers with fresh names on Azurite, and stores over them; deletes them all when disposed.</summary>
internal sealed class AzuriteContainers : IAsyncDisposable
{
    private readonly List<BlobContainerClient> _created = [];

    /// <summary>A client for a container that does not exist yet.</summary>
    public BlobContainerClient NewContainer()
    {
        var container = new BlobServiceClient(Azurite.ConnectionString).GetBlobContainerClient("t-" + Guid.NewGuid().ToString("N"));
        lock (_created)
        {
            _created.Add(container);
        }

        return container;
    }

    /// <summary>A store over a new container (created by the store's first put).</summary>
    public AzureBlobArtifactStore NewStore(
        string prefix = "",
        int blockSize = 4 * 1024 * 1024,
        bool createContainerIfMissing = true,
        TimeProvider? timeProvider = null) =>
        StoreOver(NewContainer(), prefix, blockSize, createContainerIfMissing, timeProvider);

    /// <summary>Another store object over the same container (stands in for another process).</summary>
    public static AzureBlobArtifactStore StoreOver(
        BlobContainerClient container,
        string prefix = "",
        int blockSize = 4 * 1024 * 1024,
        bool createContainerIfMissing = true,
        TimeProvider? timeProvider = null) =>
        new(container, prefix, blockSize, createContainerIfMissing, timeProvider ?? TimeProvider.System, logger: null);

    /// <summary>Every blob name in the container (empty when it does not exist).</summary>
    public static async Task<List<string>> BlobNamesAsync(BlobContainerClient container, string? prefix, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        if (!(await container.ExistsAsync(cancellationToken)).Value)
        {
            return names;
        }

        await foreach (var item in container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken))
        {
            names.Add(item.Name);
        }

        return names;
    }

    /// <summary>A clock that starts at the real time, for tests that move time forward.</summary>
    public static FakeTimeProvider ClockAt(DateTimeOffset now) => new(now);

    public async ValueTask DisposeAsync()
    {
        BlobContainerClient[] created;
        lock (_created)
        {
            created = [.. _created];
        }

        foreach (var container in created)
        {
            await container.DeleteIfExistsAsync();
        }
    }
}
