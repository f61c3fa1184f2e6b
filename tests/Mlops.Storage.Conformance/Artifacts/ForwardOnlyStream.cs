namespace Mlops.Storage.Conformance.Artifacts;

/// <summary>
/// A non-seekable, forward-only source over bytes, like a network body, that can run a callback before each read and
/// hands out at most <see cref="MaxChunk"/> bytes per read. Used to observe a store while it is consuming content.
/// </summary>
public sealed class ForwardOnlyStream(ReadOnlyMemory<byte> content) : Stream
{
    private int _position;

    /// <summary>The most bytes one read returns.</summary>
    public int MaxChunk { get; init; } = 16 * 1024;

    /// <summary>Runs before every read with the number of bytes handed out so far; may throw to fail the source.</summary>
    public Func<int, CancellationToken, ValueTask>? BeforeRead { get; init; }

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
        BeforeRead?.Invoke(_position, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        return Copy(buffer);
    }

    /// <inheritdoc />
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc />
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (BeforeRead is not null)
        {
            await BeforeRead(_position, cancellationToken);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return Copy(buffer.Span);
    }

    /// <inheritdoc />
    public override void Flush() { }

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Copy(Span<byte> buffer)
    {
        var count = Math.Min(Math.Min(buffer.Length, MaxChunk), content.Length - _position);
        content.Span.Slice(_position, count).CopyTo(buffer);
        _position += count;
        return count;
    }
}
