using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Mlops.Artifacts.S3;

internal sealed partial class S3ArtifactStore
{
    /// <summary>How often a write that collided with a concurrent conditional write of the same key is tried again.</summary>
    private const int MaxConflictAttempts = 5;

    /// <summary>
    /// Copies the completed temporary object under its digest key, unless content with that digest is already there.
    /// A server-side copy makes the destination appear whole.
    /// </summary>
    private Task CommitAsync(string digest, long length, string tempKey, CancellationToken cancellationToken) =>
        WriteOnceAsync(digest, length, "copy into place", (key, ct) => length <= MaxSingleCopyLength
            ? _client.CopyObjectAsync(new CopyObjectRequest
            {
                SourceBucket = BucketName,
                SourceKey = tempKey,
                DestinationBucket = BucketName,
                DestinationKey = key,
                IfNoneMatch = "*",
            }, ct)
            : CopyInPartsAsync(tempKey, key, length, ct), cancellationToken);

    /// <summary>
    /// Runs <paramref name="write"/> to create the object of <paramref name="digest"/> unless it exists. Writes are
    /// conditional (<c>If-None-Match: *</c>): when a concurrent writer of the same bytes gets there first, S3 refuses ours
    /// and the put succeeds with the copy already stored. Servers without conditional writes overwrite the object with
    /// the same bytes, atomically, which is just as safe.
    /// </summary>
    private async Task WriteOnceAsync(
        string digest, long length, string operation, Func<string, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        var key = ContentKey(digest);
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await HeadAsync(key, cancellationToken).ConfigureAwait(false) is not null)
            {
                S3ArtifactStoreLog.AlreadyStored(_logger, digest, BucketName, key);
                return;
            }

            try
            {
                await write(key, cancellationToken).ConfigureAwait(false);
                S3ArtifactStoreLog.Stored(_logger, digest, length, BucketName, key);
                return;
            }
            catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.PreconditionFailed)
            {
                S3ArtifactStoreLog.AlreadyStored(_logger, digest, BucketName, key);
                return;
            }
            catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.Conflict && attempt < MaxConflictAttempts)
            {
                // ConditionalRequestConflict: another write of this key is in flight; look again (it has likely landed).
            }
            catch (AmazonServiceException ex)
            {
                throw StorageError(operation, key, ex);
            }
            catch (AmazonClientException ex)
            {
                throw StorageError(operation, key, ex);
            }
        }
    }

    private async Task CopyInPartsAsync(string sourceKey, string key, long length, CancellationToken cancellationToken)
    {
        var uploadId = await InitiateAsync(key, cancellationToken).ConfigureAwait(false);
        var completed = false;
        try
        {
            var parts = new List<PartETag>();
            var partNumber = 1;
            for (var first = 0L; first < length; first += CopyPartSize)
            {
                var response = await _client.CopyPartAsync(new CopyPartRequest
                {
                    SourceBucket = BucketName,
                    SourceKey = sourceKey,
                    DestinationBucket = BucketName,
                    DestinationKey = key,
                    UploadId = uploadId,
                    PartNumber = partNumber,
                    FirstByte = first,
                    LastByte = Math.Min(first + CopyPartSize, length) - 1,
                }, cancellationToken).ConfigureAwait(false);
                parts.Add(new PartETag(partNumber++, response.ETag));
            }

            await _client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = BucketName,
                Key = key,
                UploadId = uploadId,
                PartETags = parts,
                IfNoneMatch = "*",
            }, cancellationToken).ConfigureAwait(false);
            completed = true;
        }
        finally
        {
            if (!completed)
            {
                await AbortQuietlyAsync(key, uploadId).ConfigureAwait(false);
            }
        }
    }
}
