using System.Security.Cryptography;

namespace Mlops.Artifacts;

/// <summary>
/// A read-only, forward-only view of stored content that hashes what it hands out. When the expected length has been
/// read, at the end of the stream, and for any byte past the expected length, it checks the SHA-256 and the length
/// and throws <see cref="MlopsArtifactIntegrityException"/> on a mismatch; the failure is sticky. Every artifact store
/// (file system, S3, Azure Blob) wraps its read streams in one, so a reader never gets unverified bytes silently.
/// </summary>
public sealed class DigestVerifyingStream : Stream
{
    private readonly Stream _inner;
    private readonly string _expectedDigest;
    private readonly long _expectedLength;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _bytesRead;
    private bool _verified;
    private MlopsArtifactIntegrityException? _failure;
    private bool _disposed;

    /// <summary>Wraps <paramref name="inner"/> (owned: disposed with this stream), expecting that SHA-256 and length.</summary>
    public DigestVerifyingStream(Stream inner, string expectedDigest, long expectedLength)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentException.ThrowIfNullOrEmpty(expectedDigest);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedLength);
        _inner = inner;
        _expectedDigest = expectedDigest;
        _expectedLength = expectedLength;
    }

    /// <inheritdoc />
    public override bool CanRead => !_disposed;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => false;

    /// <inheritdoc />
    public override long Length => throw new NotSupportedException("An artifact read stream is forward-only; use the descriptor's length.");

    /// <inheritdoc />
    public override long Position
    {
        get => throw new NotSupportedException("An artifact read stream is forward-only.");
        set => throw new NotSupportedException("An artifact read stream is forward-only.");
    }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        return Read(buffer.AsSpan(offset, count));
    }

    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        ThrowIfUnusable();
        var read = _inner.Read(buffer);
        Observe(buffer[..read], buffer.Length);
        return read;
    }

    /// <inheritdoc />
    public override int ReadByte()
    {
        Span<byte> one = stackalloc byte[1];
        return Read(one) == 0 ? -1 : one[0];
    }

    /// <inheritdoc />
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    /// <inheritdoc />
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ThrowIfUnusable();
        var read = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Observe(buffer.Span[..read], buffer.Length);
        return read;
    }

    /// <inheritdoc />
    public override void Flush()
    {
        // Read-only: nothing to flush.
    }

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("An artifact read stream is forward-only.");

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException("An artifact read stream is read-only.");

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("An artifact read stream is read-only.");

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            _inner.Dispose();
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }

    private void ThrowIfUnusable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_failure is not null)
        {
            throw _failure;
        }
    }

    private void Observe(ReadOnlySpan<byte> data, int requested)
    {
        if (data.IsEmpty)
        {
            // End of stream (a zero-length request says nothing about the end).
            if (requested > 0 && !_verified)
            {
                Verify();
            }

            return;
        }

        _hash.AppendData(data);
        _bytesRead += data.Length;

        // Check as soon as the expected length is reached, so that a caller who reads exactly the descriptor's length
        // (and never asks for the end) is protected too; any byte past it fails the length check.
        if (_bytesRead >= _expectedLength)
        {
            Verify();
        }
    }

    private void Verify()
    {
        _verified = true;
        var actual = Convert.ToHexStringLower(_hash.GetCurrentHash());
        if (_bytesRead != _expectedLength || !string.Equals(actual, _expectedDigest, StringComparison.Ordinal))
        {
            _failure = new MlopsArtifactIntegrityException(_expectedDigest, actual);
            throw _failure;
        }
    }
}
