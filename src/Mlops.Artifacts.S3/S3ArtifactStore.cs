using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mlops.Artifacts.S3;

/// <summary>
/// Content-addressed objects in one S3 bucket: <c>&lt;prefix&gt;sha256/ab/cdef…</c>. Small content is hashed in a part
/// buffer and put straight under its digest key (a single PUT is atomic); larger content is streamed as a multipart
/// upload to <c>&lt;prefix&gt;tmp/</c> while it is hashed, then copied server-side under its digest key, so an object
/// under <c>sha256/</c> is always complete. Concurrent writers of the same bytes each write identical objects, which
/// S3 replaces atomically; content already stored is not written again.
/// </summary>
internal sealed partial class S3ArtifactStore : IArtifactStore, IDisposable
{
    private const string ContentFolder = "sha256/";
    private const string TempFolder = "tmp/";

    private readonly IAmazonS3 _client;
    private readonly bool _ownsClient;
    private readonly int _partSize;
    private readonly ILogger _logger;

    public S3ArtifactStore(IAmazonS3 client, bool ownsClient, string bucketName, string prefix, int partSize, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(bucketName);
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentOutOfRangeException.ThrowIfLessThan(partSize, S3ArtifactStoreOptions.MinPartSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(partSize, S3ArtifactStoreOptions.MaxPartSize);
        _client = client;
        _ownsClient = ownsClient;
        BucketName = bucketName;
        Prefix = prefix;
        _partSize = partSize;
        _logger = logger ?? NullLogger.Instance;
    }

    public string BucketName { get; }

    public string Prefix { get; }

    /// <summary>Content larger than this is copied into place part by part (S3 copies at most 5 GiB in one request).</summary>
    internal long MaxSingleCopyLength { get; init; } = 5L * 1024 * 1024 * 1024;

    /// <summary>The size of one part of a multipart copy.</summary>
    internal long CopyPartSize { get; init; } = 512L * 1024 * 1024;

    public async Task<Stream> OpenReadAsync(string digest, CancellationToken cancellationToken = default)
    {
        ArtifactDigest.Validate(digest);
        cancellationToken.ThrowIfCancellationRequested();
        var key = ContentKey(digest);
        GetObjectResponse response;
        try
        {
            response = await _client.GetObjectAsync(new GetObjectRequest { BucketName = BucketName, Key = key }, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound && ex.ErrorCode is "NoSuchKey" or "NotFound")
        {
            throw new MlopsNotFoundException("artifact", digest);
        }
        catch (AmazonServiceException ex)
        {
            throw StorageError("read", key, ex);
        }
        catch (AmazonClientException ex)
        {
            throw StorageError("read", key, ex);
        }

        // The verifying stream owns the response body; disposing it releases the connection.
        return new DigestVerifyingStream(response.ResponseStream, digest, response.ContentLength);
    }

    public async Task<ArtifactDescriptor?> GetAsync(string digest, CancellationToken cancellationToken = default)
    {
        ArtifactDigest.Validate(digest);
        cancellationToken.ThrowIfCancellationRequested();
        var length = await HeadAsync(ContentKey(digest), cancellationToken).ConfigureAwait(false);
        return length is null ? null : new ArtifactDescriptor(digest, length.Value);
    }

    public void Dispose()
    {
        if (_ownsClient)
        {
            _client.Dispose();
        }
    }

    /// <summary>The key a digest is stored under. The digest must have been validated.</summary>
    internal string ContentKey(string digest) => $"{Prefix}{ContentFolder}{digest[..2]}/{digest[2..]}";

    internal string TempKeyPrefix => Prefix + TempFolder;

    /// <summary>The length of the object at <paramref name="key"/>, or <see langword="null"/> when there is none.</summary>
    private async Task<long?> HeadAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var metadata = await _client.GetObjectMetadataAsync(
                new GetObjectMetadataRequest { BucketName = BucketName, Key = key }, cancellationToken).ConfigureAwait(false);
            return metadata.ContentLength;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (AmazonServiceException ex)
        {
            throw StorageError("look up", key, ex);
        }
        catch (AmazonClientException ex)
        {
            throw StorageError("look up", key, ex);
        }
    }

    private MlopsStorageException StorageError(string operation, string key, Exception inner)
    {
        var code = inner is AmazonServiceException { ErrorCode: { Length: > 0 } errorCode } ? $" ({errorCode})" : string.Empty;
        return new MlopsStorageException(
            $"The S3 artifact store could not {operation} '{key}' in bucket '{BucketName}'{code}: {inner.Message}", inner);
    }
}
