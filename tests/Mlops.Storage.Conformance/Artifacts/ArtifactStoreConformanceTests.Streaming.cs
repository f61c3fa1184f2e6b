using System.Security.Cryptography;
using Mlops.Artifacts;

namespace Mlops.Storage.Conformance.Artifacts;

public abstract partial class ArtifactStoreConformanceTests
{
    [Fact]
    public async Task PutAsync_accepts_a_non_seekable_stream_that_returns_small_chunks()
    {
        var store = await CreateStoreAsync(Ct);
        var content = PseudoRandomStream.Generate(20, 100_003);

        var descriptor = await store.PutAsync(new ForwardOnlyStream(content) { MaxChunk = 1000 }, Ct);

        descriptor.Should().Be(new ArtifactDescriptor(Sha256Hex(content), content.Length));
        ShouldBeSameBytes(await ReadAllAsync(store, descriptor.Digest, Ct), content);
    }

    [Fact]
    public async Task PutAsync_and_OpenReadAsync_stream_large_content_without_holding_it_in_memory()
    {
        const ulong Seed = 21;
        var length = LargeContentLength;
        var budget = LargeContentAllocationBudget;
        var expectedDigest = await HashOfPseudoRandomAsync(Seed, length);
        var store = await CreateStoreAsync(Ct);
        var buffer = new byte[80 * 1024];

        // Warm up (JIT, pools, lazily created helpers) so that one-time costs are not counted against the put.
        var warm = await store.PutAsync(new PseudoRandomStream(Seed + 1, 1024 * 1024), Ct);
        await ReadToEndAsync(store, warm.Digest, buffer);

        var source = new PseudoRandomStream(Seed, length);
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var descriptor = await store.PutAsync(source, Ct);
        var putAllocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        before = GC.GetTotalAllocatedBytes(precise: true);
        var (readLength, readDigest) = await ReadToEndAsync(store, descriptor.Digest, buffer);
        var readAllocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        descriptor.Should().Be(new ArtifactDescriptor(expectedDigest, length));
        source.Produced.Should().Be(length);
        readLength.Should().Be(length);
        readDigest.Should().Be(expectedDigest);
        putAllocated.Should().BeLessThan(budget, $"a put of {length} bytes must stream, not buffer (allocated {putAllocated} bytes)");
        readAllocated.Should().BeLessThan(budget, $"a read of {length} bytes must stream, not buffer (allocated {readAllocated} bytes)");
    }

    [Fact]
    public async Task Read_stream_is_read_only_and_forward_only()
    {
        var store = await CreateStoreAsync(Ct);
        var descriptor = await store.PutAsync(new MemoryStream(PseudoRandomStream.Generate(22, 100)), Ct);

        var stream = await store.OpenReadAsync(descriptor.Digest, Ct);
        await using (stream)
        {
            stream.CanRead.Should().BeTrue();
            stream.CanSeek.Should().BeFalse();
            stream.CanWrite.Should().BeFalse();
            var write = () => stream.Write([1, 2, 3], 0, 3);
            write.Should().Throw<NotSupportedException>();
            var seek = () => stream.Seek(0, SeekOrigin.Begin);
            seek.Should().Throw<NotSupportedException>();
        }
    }

    [Fact]
    public async Task Read_stream_returns_the_content_through_every_read_overload()
    {
        var store = await CreateStoreAsync(Ct);
        var content = PseudoRandomStream.Generate(23, 50_000);
        var descriptor = await store.PutAsync(new MemoryStream(content), Ct);

        var stream = await store.OpenReadAsync(descriptor.Digest, Ct);
        var read = new MemoryStream();
        await using (stream)
        {
            var chunk = new byte[777];
            for (var call = 0; ; call++)
            {
                var n = (call % 5) switch
                {
                    0 => stream.Read(chunk, 0, chunk.Length),
                    1 => stream.Read(chunk.AsSpan(0, 500)),
#pragma warning disable CA1835 // The array overload is exercised on purpose.
                    2 => await stream.ReadAsync(chunk, 0, chunk.Length, Ct),
#pragma warning restore CA1835
                    3 => await stream.ReadAsync(chunk.AsMemory(0, 300), Ct),
                    _ => ReadOneByte(stream, chunk),
                };
                if (n == 0)
                {
                    break;
                }

                read.Write(chunk, 0, n);
            }
        }

        ShouldBeSameBytes(read.ToArray(), content);
    }

    [Fact]
    public async Task PutAsync_with_a_cancelled_token_throws_and_stores_nothing()
    {
        var store = await CreateStoreAsync(Ct);
        var content = PseudoRandomStream.Generate(24, 1000);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var act = () => store.PutAsync(new MemoryStream(content), cancelled.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        (await store.GetAsync(Sha256Hex(content), Ct)).Should().BeNull();
        await ShouldHoldObjectsAsync(store, 0);
    }

    [Fact]
    public async Task PutAsync_cancelled_while_streaming_throws_and_stores_nothing()
    {
        var store = await CreateStoreAsync(Ct);
        var content = PseudoRandomStream.Generate(25, 1024 * 1024);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var source = new ForwardOnlyStream(content)
        {
            MaxChunk = 8 * 1024,
            BeforeRead = async (position, _) =>
            {
                if (position >= 64 * 1024)
                {
                    await cancellation.CancelAsync();
                }
            },
        };

        var act = () => store.PutAsync(source, cancellation.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        (await store.GetAsync(Sha256Hex(content), Ct)).Should().BeNull();
        await ShouldHoldObjectsAsync(store, 0);
    }

    [Fact]
    public async Task OpenReadAsync_and_GetAsync_with_a_cancelled_token_throw()
    {
        var store = await CreateStoreAsync(Ct);
        var descriptor = await store.PutAsync(new MemoryStream([1, 2, 3]), Ct);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var open = () => store.OpenReadAsync(descriptor.Digest, cancelled.Token);
        var get = () => store.GetAsync(descriptor.Digest, cancelled.Token);

        await open.Should().ThrowAsync<OperationCanceledException>();
        await get.Should().ThrowAsync<OperationCanceledException>();
    }

    private static int ReadOneByte(Stream stream, byte[] chunk)
    {
        var b = stream.ReadByte();
        if (b < 0)
        {
            return 0;
        }

        chunk[0] = (byte)b;
        return 1;
    }

    private static async Task<string> HashOfPseudoRandomAsync(ulong seed, long length)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var source = new PseudoRandomStream(seed, length);
        var buffer = new byte[80 * 1024];
        int n;
        while ((n = await source.ReadAsync(buffer, Ct)) > 0)
        {
            hash.AppendData(buffer, 0, n);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static async Task<(long Length, string Digest)> ReadToEndAsync(IArtifactStore store, string digest, byte[] buffer)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var length = 0L;
        var stream = await store.OpenReadAsync(digest, Ct);
        await using (stream)
        {
            int n;
            while ((n = await stream.ReadAsync(buffer, Ct)) > 0)
            {
                hash.AppendData(buffer, 0, n);
                length += n;
            }
        }

        return (length, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }
}
