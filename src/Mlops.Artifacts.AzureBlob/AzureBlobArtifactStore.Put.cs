using System.Buffers;
using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace Mlops.Artifacts.AzureBlob;

internal sealed partial class AzureBlobArtifactStore
{
    /// <summary>The service's limit of blocks in one block blob.</summary>
    internal const int MaxBlocks = 50_000;

    /// <summary>How often a put looks again at a copy into place that the service runs in the background.</summary>
    private static readonly TimeSpan CopyPollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>How many times a put replaces a blob whose copy failed before it gives up.</summary>
    private const int MaxCopyAttempts = 3;

    private enum BlobState
    {
        Missing,
        Complete,
        FailedCopy,
    }

    public async Task<ArtifactDescriptor> PutAsync(Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (!content.CanRead)
        {
            throw new ArgumentException("The artifact content stream is not readable.", nameof(content));
        }

        cancellationToken.ThrowIfCancellationRequested();
        await PrepareAsync(cancellationToken).ConfigureAwait(false);

        var temp = Container.GetBlockBlobClient(TempPrefix + Guid.NewGuid().ToString("N"));
        var committing = false;
        try
        {
            var (blockIds, digest, length) = await StageBlocksAsync(content, temp, cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            committing = true;
            try
            {
                await temp.CommitBlockListAsync(blockIds, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsServiceFailure(ex))
            {
                throw StorageError("commit the blocks of", temp.Name, ex);
            }

            await CopyIntoPlaceAsync(temp, digest, length, cancellationToken).ConfigureAwait(false);
            return new ArtifactDescriptor(digest, length);
        }
        finally
        {
            // Uncommitted blocks are no blob: the service discards them after a week. A committed temporary blob is ours to delete.
            if (committing)
            {
                await DeleteTempQuietlyAsync(temp).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Streams the content into staged blocks of the temporary blob, one bounded buffer at a time, hashing it.</summary>
    private async Task<(List<string> BlockIds, string Digest, long Length)> StageBlocksAsync(
        Stream content, BlockBlobClient temp, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(_blockSize);
        try
        {
            var blockIds = new List<string>();
            var length = 0L;
            while (true)
            {
                // Errors of the caller's stream pass through unchanged; only the service's become MlopsStorageException.
                var filled = await FillAsync(content, buffer.AsMemory(0, _blockSize), cancellationToken).ConfigureAwait(false);
                if (filled == 0)
                {
                    break;
                }

                if (blockIds.Count == MaxBlocks)
                {
                    throw new MlopsValidationException(
                        "artifact content length",
                        $"more than {(long)MaxBlocks * _blockSize} bytes",
                        $"a blob holds at most {MaxBlocks} blocks of {nameof(AzureBlobArtifactStoreOptions.BlockSize)} ({_blockSize}) bytes; raise the block size.");
                }

                hash.AppendData(buffer, 0, filled);
                length += filled;
                var blockId = BlockId(blockIds.Count);
                using (var block = new MemoryStream(buffer, 0, filled, writable: false))
                {
                    try
                    {
                        await temp.StageBlockAsync(blockId, block, cancellationToken: cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (IsServiceFailure(ex))
                    {
                        throw StorageError("stage a block of", temp.Name, ex);
                    }
                }

                blockIds.Add(blockId);
                if (filled < _blockSize)
                {
                    break;
                }
            }

            return (blockIds, Convert.ToHexStringLower(hash.GetHashAndReset()), length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads until <paramref name="buffer"/> is full or the content ends; returns the bytes read.</summary>
    private static async Task<int> FillAsync(Stream content, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = await content.ReadAsync(buffer[filled..], cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        return filled;
    }

    /// <summary>Block IDs are Base64 strings of equal length within a blob: the block's index as four bytes.</summary>
    private static string BlockId(int index) => Convert.ToBase64String(BitConverter.GetBytes(index));

    /// <summary>
    /// Copies the temporary blob to the digest's name only if nothing is there (If-None-Match: *). When a blob is already
    /// there, the same digest means the same bytes: keep it, once it is complete. A blob whose copy failed is replaced.
    /// </summary>
    private async Task CopyIntoPlaceAsync(BlockBlobClient temp, string digest, long length, CancellationToken cancellationToken)
    {
        var blob = Container.GetBlobClient(NameOf(digest));
        var conditions = new BlobRequestConditions { IfNoneMatch = ETag.All };
        for (var attempt = 1; ; attempt++)
        {
            var copied = false;
            try
            {
                await blob.StartCopyFromUriAsync(temp.Uri, new BlobCopyFromUriOptions { DestinationConditions = conditions }, cancellationToken)
                    .ConfigureAwait(false);
                copied = true;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Already there (an earlier or a concurrent put), or still being copied there by a concurrent put.
            }
            catch (Exception ex) when (IsServiceFailure(ex))
            {
                throw StorageError("copy into place", blob.Name, ex);
            }

            // Same-account copies usually finish at once; otherwise the source must outlive the copy, so wait for it.
            var (state, etag, copyStatus) = await WaitForCopyAsync(blob, cancellationToken).ConfigureAwait(false);
            switch (state)
            {
                case BlobState.Complete when copied:
                    AzureBlobArtifactStoreLog.Stored(_logger, digest, length, blob.Name, Container.Name);
                    return;
                case BlobState.Complete:
                    AzureBlobArtifactStoreLog.AlreadyStored(_logger, digest, blob.Name, Container.Name);
                    return;
                case BlobState.Missing:
                    // Deleted between our attempt and our look (by an operator): try again as if it never existed.
                    conditions = new BlobRequestConditions { IfNoneMatch = ETag.All };
                    break;
                default:
                    AzureBlobArtifactStoreLog.ReplacingFailedCopy(_logger, blob.Name, Container.Name, copyStatus);
                    conditions = new BlobRequestConditions { IfMatch = etag };
                    break;
            }

            if (attempt == MaxCopyAttempts)
            {
                throw new MlopsStorageException(
                    $"The Azure Blob artifact store could not copy blob '{temp.Name}' into place as '{blob.Name}' in container '{Container.Name}' after {MaxCopyAttempts} attempts: the copy ended {copyStatus}.");
            }
        }
    }

    private async Task<(BlobState State, ETag ETag, CopyStatus CopyStatus)> WaitForCopyAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        while (true)
        {
            BlobProperties properties;
            try
            {
                properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                return (BlobState.Missing, default, default);
            }
            catch (Exception ex) when (IsServiceFailure(ex))
            {
                throw StorageError("read the properties of", blob.Name, ex);
            }

            if (IsComplete(properties.CopyId, properties.CopyStatus))
            {
                return (BlobState.Complete, properties.ETag, properties.CopyStatus);
            }

            if (properties.CopyStatus != CopyStatus.Pending)
            {
                return (BlobState.FailedCopy, properties.ETag, properties.CopyStatus);
            }

            await Task.Delay(CopyPollInterval, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task DeleteTempQuietlyAsync(BlockBlobClient temp)
    {
        try
        {
            // Not the caller's token: a cancelled put must still clean up after itself.
            await temp.DeleteIfExistsAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (IsServiceFailure(ex))
        {
            // The put's own outcome (success or the original error) matters more than a leftover temporary blob.
            AzureBlobArtifactStoreLog.TempDeleteFailed(_logger, temp.Name, Container.Name, ex);
        }
    }
}
