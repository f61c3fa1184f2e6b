using System.Security.Cryptography;
using Mlops.Artifacts;

namespace Mlops.Storage.Conformance.Artifacts;

/// <summary>
/// The contract every <see cref="IArtifactStore"/> passes: content addressing by SHA-256, deduplication, streaming both
/// ways, safe concurrent puts, digest checks on read, input validation and cancellation. A provider's test project
/// derives from this class and supplies a fresh, empty store per test and a way to damage stored bytes.
/// </summary>
/// <remarks>
/// The large-content test measures allocations process-wide; run the derived class in a collection with
/// <c>DisableParallelization = true</c> so that other tests' allocations are not counted against the store.
/// </remarks>
public abstract partial class ArtifactStoreConformanceTests
{
    /// <summary>The digest of no bytes.</summary>
    protected const string EmptyDigest = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /// <summary>Creates a fresh, empty store. The derived class owns (and cleans up) whatever backs it.</summary>
    protected abstract Task<IArtifactStore> CreateStoreAsync(CancellationToken cancellationToken);

    /// <summary>Changes the stored bytes of <paramref name="digest"/> behind the store's back (for example flips a byte).</summary>
    protected abstract Task CorruptAsync(IArtifactStore store, string digest, CancellationToken cancellationToken);

    /// <summary>
    /// How many stored objects (blobs, files) back the store, to check that deduplication keeps one copy; <see langword="null"/>
    /// (the default) when the provider cannot tell, and the tests then check descriptors only.
    /// </summary>
    protected virtual Task<long?> CountStoredObjectsAsync(IArtifactStore store, CancellationToken cancellationToken) =>
        Task.FromResult<long?>(null);

    /// <summary>The size of the streamed large content; 64 MiB.</summary>
    protected virtual long LargeContentLength => 64L * 1024 * 1024;

    /// <summary>The most managed memory a put or a read of the large content may allocate; 16 MiB.</summary>
    protected virtual long LargeContentAllocationBudget => 16L * 1024 * 1024;

    /// <summary>The test's cancellation token.</summary>
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>SHA-256 of <paramref name="bytes"/> as 64 lowercase hex characters.</summary>
    protected static string Sha256Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Reads stored content to the end.</summary>
    protected static async Task<byte[]> ReadAllAsync(IArtifactStore store, string digest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var stream = await store.OpenReadAsync(digest, cancellationToken);
        await using (stream)
        {
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy, cancellationToken);
            return copy.ToArray();
        }
    }

    /// <summary>Asserts equal bytes without comparing element by element through FluentAssertions (slow for large arrays).</summary>
    protected static void ShouldBeSameBytes(byte[] actual, byte[] expected)
    {
        ArgumentNullException.ThrowIfNull(actual);
        actual.Length.Should().Be(expected.Length);
        actual.AsSpan().SequenceEqual(expected).Should().BeTrue("the bytes read back must be the bytes put");
    }

    /// <summary>Asserts the number of stored objects when the provider can count them.</summary>
    protected async Task ShouldHoldObjectsAsync(IArtifactStore store, long expected)
    {
        var count = await CountStoredObjectsAsync(store, Ct);
        if (count is not null)
        {
            count.Should().Be(expected, "content is stored once per distinct digest");
        }
    }

    [Fact]
    public async Task PutAsync_then_OpenReadAsync_returns_the_same_bytes()
    {
        var store = await CreateStoreAsync(Ct);
        var content = PseudoRandomStream.Generate(1, 100_000);

        var descriptor = await store.PutAsync(new MemoryStream(content), Ct);

        ShouldBeSameBytes(await ReadAllAsync(store, descriptor.Digest, Ct), content);
    }

    [Fact]
    public async Task PutAsync_returns_the_sha256_of_the_bytes_and_their_length()
    {
        var store = await CreateStoreAsync(Ct);
        var content = PseudoRandomStream.Generate(2, 12_345);

        var abc = await store.PutAsync(new MemoryStream("abc"u8.ToArray()), Ct);
        var random = await store.PutAsync(new MemoryStream(content), Ct);

        abc.Should().Be(new ArtifactDescriptor("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", 3));
        random.Should().Be(new ArtifactDescriptor(Sha256Hex(content), content.Length));
    }

    [Fact]
    public async Task PutAsync_of_empty_content_stores_it_under_the_empty_digest()
    {
        var store = await CreateStoreAsync(Ct);

        var descriptor = await store.PutAsync(new MemoryStream(), Ct);

        descriptor.Should().Be(new ArtifactDescriptor(EmptyDigest, 0));
        (await ReadAllAsync(store, EmptyDigest, Ct)).Should().BeEmpty();
        (await store.GetAsync(EmptyDigest, Ct)).Should().Be(descriptor);
    }

    [Fact]
    public async Task PutAsync_twice_with_the_same_bytes_returns_the_same_descriptor_and_keeps_one_copy()
    {
        var store = await CreateStoreAsync(Ct);
        var content = PseudoRandomStream.Generate(3, 50_000);

        var first = await store.PutAsync(new MemoryStream(content), Ct);
        var second = await store.PutAsync(new MemoryStream(content), Ct);

        second.Should().Be(first);
        await ShouldHoldObjectsAsync(store, 1);
        ShouldBeSameBytes(await ReadAllAsync(store, first.Digest, Ct), content);
    }

    [Fact]
    public async Task PutAsync_with_different_bytes_returns_different_digests_and_keeps_both()
    {
        var store = await CreateStoreAsync(Ct);
        var one = PseudoRandomStream.Generate(4, 10_000);
        var other = (byte[])one.Clone();
        other[^1] ^= 0x01;

        var first = await store.PutAsync(new MemoryStream(one), Ct);
        var second = await store.PutAsync(new MemoryStream(other), Ct);

        second.Digest.Should().NotBe(first.Digest);
        await ShouldHoldObjectsAsync(store, 2);
        ShouldBeSameBytes(await ReadAllAsync(store, first.Digest, Ct), one);
        ShouldBeSameBytes(await ReadAllAsync(store, second.Digest, Ct), other);
    }

    [Fact]
    public async Task GetAsync_returns_null_when_absent_and_the_descriptor_when_stored()
    {
        var store = await CreateStoreAsync(Ct);
        var content = PseudoRandomStream.Generate(5, 777);
        var digest = Sha256Hex(content);

        (await store.GetAsync(digest, Ct)).Should().BeNull();
        await store.PutAsync(new MemoryStream(content), Ct);

        (await store.GetAsync(digest, Ct)).Should().Be(new ArtifactDescriptor(digest, 777));
    }

    [Fact]
    public async Task OpenReadAsync_of_an_unknown_digest_throws_not_found_naming_the_digest()
    {
        var store = await CreateStoreAsync(Ct);
        var digest = Sha256Hex("never stored"u8);

        var act = () => store.OpenReadAsync(digest, Ct);

        var error = (await act.Should().ThrowAsync<MlopsNotFoundException>()).Which;
        error.EntityKind.Should().Be("artifact");
        error.Identifier.Should().Be(digest);
        error.Message.Should().Contain(digest);
    }

    [Fact]
    public async Task PutAsync_with_a_null_stream_throws_ArgumentNullException()
    {
        var store = await CreateStoreAsync(Ct);

        var act = () => store.PutAsync(null!, Ct);

        await act.Should().ThrowAsync<ArgumentNullException>();
    }
}
