namespace Mlops.Storage.Conformance.Artifacts;

/// <summary>
/// A non-seekable stream of <see cref="Length"/> deterministic pseudo-random bytes (xorshift64* from a seed), generated
/// on the fly so that large content costs no memory. The same seed and length always give the same bytes.
/// </summary>
public sealed class PseudoRandomStream : Stream
{
    private readonly long _length;
    private ulong _state;
    private long _produced;

    /// <summary>Creates a stream of <paramref name="length"/> bytes from <paramref name="seed"/>.</summary>
    public PseudoRandomStream(ulong seed, long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _state = seed == 0 ? 0x9E3779B97F4A7C15UL : seed;
        _length = length;
    }

    /// <summary>How many bytes have been read so far.</summary>
    public long Produced => _produced;

    /// <summary>Generates the whole content into an array (for small content only).</summary>
    public static byte[] Generate(ulong seed, int length)
    {
        var bytes = new byte[length];
        using var stream = new PseudoRandomStream(seed, length);
        stream.ReadExactly(bytes);
        return bytes;
    }

    /// <inheritdoc />
    public override bool CanRead => true;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => false;

    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        var count = (int)Math.Min(buffer.Length, _length - _produced);
        for (var i = 0; i < count; i++)
        {
            _state ^= _state >> 12;
            _state ^= _state << 25;
            _state ^= _state >> 27;
            buffer[i] = (byte)((_state * 0x2545F4914F6CDD1DUL) >> 56);
        }

        _produced += count;
        return count;
    }

    /// <inheritdoc />
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc />
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    /// <inheritdoc />
    public override void Flush() { }

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
