using Amazon.S3.Model;
using Mlops.Artifacts.S3.Tests.TestSupport;
using Mlops.Storage.Conformance.Artifacts;

namespace Mlops.Artifacts.S3.Tests;

/// <summary>The shared artifact-store contract, against an S3-compatible server on loopback, with 200 MiB of large content.</summary>
[Collection(NonParallelCollection.Name)]
public sealed class S3ArtifactStoreConformanceTests : ArtifactStoreConformanceTests, IAsyncDisposable
{
    private S3TestBuckets? _buckets;

    protected override long LargeContentLength => 200L * 1024 * 1024;

    protected override async Task<IArtifactStore> CreateStoreAsync(CancellationToken cancellationToken)
    {
        _buckets ??= await S3TestBuckets.ConnectAsync();
        return await _buckets.CreateStoreAsync(cancellationToken, prefix: "conformance/");
    }

    protected override async Task CorruptAsync(IArtifactStore store, string digest, CancellationToken cancellationToken)
    {
        var s3 = (S3ArtifactStore)store;
        var key = s3.ContentKey(digest);
        byte[] bytes;
        using (var response = await _buckets!.Client.GetObjectAsync(s3.BucketName, key, cancellationToken))
        {
            using var copy = new MemoryStream();
            await response.ResponseStream.CopyToAsync(copy, cancellationToken);
            bytes = copy.ToArray();
        }

        if (bytes.Length == 0)
        {
            bytes = [0x2a];
        }
        else
        {
            bytes[bytes.Length / 2] ^= 0xff;
        }

        await _buckets.Client.PutObjectAsync(
            new PutObjectRequest { BucketName = s3.BucketName, Key = key, InputStream = new MemoryStream(bytes) }, cancellationToken);
    }

    /// <summary>Every object under the prefix, temporary ones included: a put must leave nothing but its content behind.</summary>
    protected override async Task<long?> CountStoredObjectsAsync(IArtifactStore store, CancellationToken cancellationToken)
    {
        var s3 = (S3ArtifactStore)store;
        return (await _buckets!.ListObjectsAsync(s3.BucketName, cancellationToken, s3.Prefix)).Count;
    }

    public async ValueTask DisposeAsync()
    {
        if (_buckets is not null)
        {
            await _buckets.DisposeAsync();
        }
    }
}
