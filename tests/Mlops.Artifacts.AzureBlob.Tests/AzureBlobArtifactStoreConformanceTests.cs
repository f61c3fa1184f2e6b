using Mlops.Artifacts.AzureBlob.Tests.TestSupport;
using Mlops.Storage.Conformance.Artifacts;

namespace Mlops.Artifacts.AzureBlob.Tests;

/// <summary>The shared artifact-store contract, run against Azurite with a fresh container (and a prefix) per test.</summary>
[Collection(NonParallelCollection.Name)]
public sealed class AzureBlobArtifactStoreConformanceTests : ArtifactStoreConformanceTests, IAsyncDisposable
{
    private readonly AzuriteContainers _containers = new();

    /// <summary>Issue #7 asks for at least 200 MB streamed each way.</summary>
    protected override long LargeContentLength => 200L * 1024 * 1024;

    protected override Task<IArtifactStore> CreateStoreAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IArtifactStore>(_containers.NewStore(prefix: "conformance/"));

    protected override async Task CorruptAsync(IArtifactStore store, string digest, CancellationToken cancellationToken)
    {
        var azure = (AzureBlobArtifactStore)store;
        var blob = azure.Container.GetBlobClient(azure.NameOf(digest));
        var bytes = (await blob.DownloadContentAsync(cancellationToken)).Value.Content.ToArray();
        if (bytes.Length == 0)
        {
            bytes = [0x2a];
        }
        else
        {
            bytes[bytes.Length / 2] ^= 0xff;
        }

        await blob.UploadAsync(new BinaryData(bytes), overwrite: true, cancellationToken);
    }

    protected override async Task<long?> CountStoredObjectsAsync(IArtifactStore store, CancellationToken cancellationToken)
    {
        var azure = (AzureBlobArtifactStore)store;
        return (await AzuriteContainers.BlobNamesAsync(azure.Container, azure.ContentPrefix, cancellationToken)).Count;
    }

    public ValueTask DisposeAsync() => _containers.DisposeAsync();
}
