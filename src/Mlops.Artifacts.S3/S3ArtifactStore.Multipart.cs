using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.S3.Model;

namespace Mlops.Artifacts.S3;

internal sealed partial class S3ArtifactStore
{
    /// <summary>
    /// Content larger than one part: the digest is known only at the end, so the parts go to a temporary key (one buffer
    /// uploading while the other fills) and the completed object is copied under its digest key.
    /// </summary>
    private async Task<ArtifactDescriptor> PutMultipartAsync(
        Stream content, IncrementalHash hash, byte[] first, byte[] second, int secondLength, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var tempKey = TempKeyPrefix + Guid.NewGuid().ToString("N");
        var uploadId = await InitiateAsync(tempKey, cancellationToken).ConfigureAwait(false);
        var completed = false;
        try
        {
            var length = await UploadPartsAsync(content, hash, tempKey, uploadId, first, second, secondLength, cancellationToken)
                .ConfigureAwait(false);
            var digest = Convert.ToHexStringLower(hash.GetHashAndReset());
            completed = true;
            await CommitAsync(digest, length, tempKey, cancellationToken).ConfigureAwait(false);
            return new ArtifactDescriptor(digest, length);
        }
        finally
        {
            if (completed)
            {
                await DeleteTempQuietlyAsync(tempKey).ConfigureAwait(false);
            }
            else
            {
                await AbortQuietlyAsync(tempKey, uploadId).ConfigureAwait(false);
            }
        }
    }

    private async Task<long> UploadPartsAsync(
        Stream content, IncrementalHash hash, string tempKey, string uploadId, byte[] first, byte[] second, int secondLength,
        CancellationToken cancellationToken)
    {
        var parts = new List<PartETag>();
        long length = _partSize + secondLength;
        var pending = UploadPartAsync(tempKey, uploadId, 1, first, _partSize, cancellationToken);
        var filling = second;
        var filled = secondLength;
        var uploading = first;
        var nextPart = 2;
        try
        {
            while (true)
            {
                parts.Add(await pending.ConfigureAwait(false));
                if (filled == 0)
                {
                    break;
                }

                var last = filled < _partSize;
                pending = UploadPartAsync(tempKey, uploadId, nextPart++, filling, filled, cancellationToken);
                (uploading, filling) = (filling, uploading);
                if (last)
                {
                    filled = 0;
                    continue;
                }

                filled = await FillAsync(content, filling, hash, cancellationToken).ConfigureAwait(false);
                length += filled;
            }
        }
        catch
        {
            // The part in flight still reads its buffer: let it finish before the buffers go back to the pool.
            await ObserveQuietlyAsync(pending).ConfigureAwait(false);
            throw;
        }

        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            await _client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = BucketName,
                Key = tempKey,
                UploadId = uploadId,
                PartETags = parts,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonServiceException ex)
        {
            throw StorageError("complete the upload of", tempKey, ex);
        }
        catch (AmazonClientException ex)
        {
            throw StorageError("complete the upload of", tempKey, ex);
        }

        return length;
    }

    private async Task<string> InitiateAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _client.InitiateMultipartUploadAsync(
                new InitiateMultipartUploadRequest { BucketName = BucketName, Key = key }, cancellationToken).ConfigureAwait(false);
            return response.UploadId;
        }
        catch (AmazonServiceException ex)
        {
            throw StorageError("start an upload to", key, ex);
        }
        catch (AmazonClientException ex)
        {
            throw StorageError("start an upload to", key, ex);
        }
    }

    private async Task<PartETag> UploadPartAsync(string key, string uploadId, int partNumber, byte[] buffer, int length, CancellationToken cancellationToken)
    {
        try
        {
            using var body = new MemoryStream(buffer, 0, length, writable: false);
            var response = await _client.UploadPartAsync(new UploadPartRequest
            {
                BucketName = BucketName,
                Key = key,
                UploadId = uploadId,
                PartNumber = partNumber,
                PartSize = length,
                InputStream = body,
            }, cancellationToken).ConfigureAwait(false);
            return new PartETag(partNumber, response.ETag);
        }
        catch (AmazonServiceException ex)
        {
            throw StorageError($"upload part {partNumber} of", key, ex);
        }
        catch (AmazonClientException ex)
        {
            throw StorageError($"upload part {partNumber} of", key, ex);
        }
    }

    private static async Task ObserveQuietlyAsync(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is MlopsStorageException or OperationCanceledException)
        {
            // The put already fails with the error that stopped it; this part's outcome no longer matters.
        }
    }

    private async Task AbortQuietlyAsync(string key, string uploadId)
    {
        try
        {
            // Not the caller's token: a cancelled put must still clean up after itself.
            await _client.AbortMultipartUploadAsync(
                new AbortMultipartUploadRequest { BucketName = BucketName, Key = key, UploadId = uploadId }, CancellationToken.None)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AmazonServiceException or AmazonClientException)
        {
            S3ArtifactStoreLog.AbortFailed(_logger, uploadId, BucketName, key, ex);
        }
    }

    private async Task DeleteTempQuietlyAsync(string key)
    {
        try
        {
            await _client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = BucketName, Key = key }, CancellationToken.None)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AmazonServiceException or AmazonClientException)
        {
            S3ArtifactStoreLog.TempDeleteFailed(_logger, BucketName, key, ex);
        }
    }
}
