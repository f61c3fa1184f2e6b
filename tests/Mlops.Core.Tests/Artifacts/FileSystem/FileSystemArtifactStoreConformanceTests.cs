using Mlops.Artifacts;
using Mlops.Artifacts.FileSystem;
using Mlops.Core.Tests.TestSupport;
using Mlops.Storage.Conformance.Artifacts;

namespace Mlops.Core.Tests.Artifacts.FileSystem;

[Collection(NonParallelCollection.Name)]
public sealed class FileSystemArtifactStoreConformanceTests : ArtifactStoreConformanceTests, IDisposable
{
    private readonly TempDirectory _temp = new();

    protected override Task<IArtifactStore> CreateStoreAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IArtifactStore>(new FileSystemArtifactStore(_temp.NewPath()));

    protected override async Task CorruptAsync(IArtifactStore store, string digest, CancellationToken cancellationToken)
    {
        var path = ((FileSystemArtifactStore)store).PathOf(digest);
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        if (bytes.Length == 0)
        {
            bytes = [0x2a];
        }
        else
        {
            bytes[bytes.Length / 2] ^= 0xff;
        }

        await File.WriteAllBytesAsync(path, bytes, cancellationToken);
    }

    protected override Task<long?> CountStoredObjectsAsync(IArtifactStore store, CancellationToken cancellationToken)
    {
        var content = Path.Combine(((FileSystemArtifactStore)store).RootPath, "sha256");
        long count = Directory.Exists(content) ? Directory.EnumerateFiles(content, "*", SearchOption.AllDirectories).Count() : 0;
        return Task.FromResult<long?>(count);
    }

    public void Dispose() => _temp.Dispose();
}
