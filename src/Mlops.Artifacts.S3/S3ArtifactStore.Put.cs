using System.Buffers;
using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.S3.Model;

namespace Mlops.Artifacts.S3;

internal sealed partial class S3ArtifactStore
{
    public async Task<ArtifactDescriptor> PutAsync(Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (!content.CanRead)
        {
            throw new ArgumentException("The artifact content stream is not readable.", nameof(content));
        }

        cancellationToken.ThrowIfCancellationRequested();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var first = ArrayPool<byte>.Shared.Rent(_partSize);
        byte[]? second = null;
        try
        {
            var firstLength = await FillAsync(content, first, hash, cancellationToken).ConfigureAwait(false);
            if (firstLength == _partSize)
            {
                second = ArrayPool<byte>.Shared.Rent(_partSize);
                var secondLength = await FillAsync(content, second, hash, cancellationToken).ConfigureAwait(false);
                if (secondLength > 0)
                {
                    return await PutMultipartAsync(content, hash, first, second, secondLength, cancellationToken).ConfigureAwait(false);
                }
            }

            var digest = Convert.ToHexStringLower(hash.GetHashAndReset());
            await PutSingleAsync(digest, first, firstLength, cancellationToken).ConfigureAwait(false);
            return new ArtifactDescriptor(digest, firstLength);
        }
        finally
        {
            // Every request that read a buffer has completed (or was awaited after failing) before this runs.
            ArrayPool<byte>.Shared.Return(first);
            if (second is not null)
            {
                ArrayPool<byte>.Shared.Return(second);
            }
        }
    }

    /// <summary>Reads until <paramref name="buffer"/> holds one part or the content ends, hashing what it reads.</summary>
    private async Task<int> FillAsync(Stream content, byte[] buffer, IncrementalHash hash, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < _partSize)
        {
            // Errors of the caller's stream pass through unchanged; only S3's errors become MlopsStorageException.
            var read = await content.ReadAsync(buffer.AsMemory(filled, _partSize - filled), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            hash.AppendData(buffer, filled, read);
            filled += read;
        }

        return filled;
    }

    /// <summary>Content that fits one part: its digest is known before anything is sent, so it goes straight under its key.</summary>
    private Task PutSingleAsync(string digest, byte[] buffer, int length, CancellationToken cancellationToken) =>
        WriteOnceAsync(digest, length, "write", async (key, ct) =>
        {
            // A PUT is all or nothing. The SHA-256 checksum makes S3 refuse bytes that arrive different from what was hashed.
            using var body = new MemoryStream(buffer, 0, length, writable: false);
            await _client.PutObjectAsync(new PutObjectRequest
            {
                BucketName = BucketName,
                Key = key,
                InputStream = body,
                AutoCloseStream = false,
                ChecksumSHA256 = Convert.ToBase64String(Convert.FromHexString(digest)),
                IfNoneMatch = "*",
            }, ct).ConfigureAwait(false);
        }, cancellationToken);
}
