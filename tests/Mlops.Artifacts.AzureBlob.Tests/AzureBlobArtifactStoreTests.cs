using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Mlops.Artifacts.AzureBlob.Tests.TestSupport;
using Mlops.Storage.Conformance.Artifacts;

namespace Mlops.Artifacts.AzureBlob.Tests;

/// <summary>What the Azure Blob store adds to the shared contract: blob layout, temporary blobs, conditional copy, sweeping.</summary>
public sealed class AzureBlobArtifactStoreTests : IAsyncDisposable
{
    private const string HelloDigest = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";
    private const int SmallBlocks = 64 * 1024;
    private readonly AzuriteContainers _containers = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _containers.DisposeAsync();

    [Fact]
    public async Task PutAsync_stores_content_at_prefix_sha256_first_two_hex_chars_then_the_rest()
    {
        var store = _containers.NewStore(prefix: "team-a/models/");

        var descriptor = await store.PutAsync(new MemoryStream("hello"u8.ToArray()), Ct);

        descriptor.Should().Be(new ArtifactDescriptor(HelloDigest, 5));
        const string ExpectedName = "team-a/models/sha256/2c/f24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";
        store.NameOf(HelloDigest).Should().Be(ExpectedName);
        (await AzuriteContainers.BlobNamesAsync(store.Container, null, Ct)).Should().Equal(ExpectedName);
        var stored = await store.Container.GetBlobClient(ExpectedName).DownloadContentAsync(Ct);
        stored.Value.Content.ToArray().Should().Equal("hello"u8.ToArray());
    }

    [Fact]
    public async Task Stores_with_different_prefixes_share_a_container_without_seeing_each_other()
    {
        var teamA = _containers.NewStore(prefix: "team-a/");
        var teamB = AzuriteContainers.StoreOver(teamA.Container, prefix: "team-b/");

        var descriptor = await teamA.PutAsync(new MemoryStream("hello"u8.ToArray()), Ct);

        (await teamB.GetAsync(descriptor.Digest, Ct)).Should().BeNull();
        var open = () => teamB.OpenReadAsync(descriptor.Digest, Ct);
        await open.Should().ThrowAsync<MlopsNotFoundException>();
        (await teamA.GetAsync(descriptor.Digest, Ct)).Should().Be(descriptor);
    }

    [Fact]
    public async Task PutAsync_in_several_blocks_leaves_no_temporary_blob_after_success()
    {
        var store = _containers.NewStore(blockSize: SmallBlocks);
        var content = PseudoRandomStream.Generate(1, 5 * SmallBlocks + 123);

        var first = await store.PutAsync(new ForwardOnlyStream(content), Ct);
        var second = await store.PutAsync(new MemoryStream(content), Ct);

        second.Should().Be(first);
        (await AzuriteContainers.BlobNamesAsync(store.Container, store.TempPrefix, Ct)).Should().BeEmpty();
        (await AzuriteContainers.BlobNamesAsync(store.Container, null, Ct)).Should().Equal(store.NameOf(first.Digest));
        var properties = await store.Container.GetBlobClient(store.NameOf(first.Digest)).GetPropertiesAsync(cancellationToken: Ct);
        properties.Value.ContentLength.Should().Be(content.Length);
    }

    [Fact]
    public async Task PutAsync_of_an_exact_multiple_of_the_block_size_stores_every_byte()
    {
        var store = _containers.NewStore(blockSize: SmallBlocks);
        var content = PseudoRandomStream.Generate(2, 3 * SmallBlocks);

        var descriptor = await store.PutAsync(new ForwardOnlyStream(content) { MaxChunk = 1000 }, Ct);

        descriptor.Should().Be(new ArtifactDescriptor(Convert.ToHexStringLower(SHA256.HashData(content)), content.Length));
        (await ReadAllAsync(store, descriptor.Digest)).AsSpan().SequenceEqual(content).Should().BeTrue();
    }

    [Fact]
    public async Task PutAsync_with_a_failing_source_rethrows_its_error_and_leaves_no_blob()
    {
        var store = _containers.NewStore(blockSize: SmallBlocks);
        var failure = new IOException("network reset");
        var content = PseudoRandomStream.Generate(3, 500_000);
        var source = new ForwardOnlyStream(content)
        {
            // Past two staged blocks, so that the failure hits a put with uncommitted blocks on the service.
            BeforeRead = (position, _) => position >= 3 * SmallBlocks ? throw failure : ValueTask.CompletedTask,
        };

        var act = () => store.PutAsync(source, Ct);

        (await act.Should().ThrowAsync<IOException>()).Which.Should().BeSameAs(failure);
        (await AzuriteContainers.BlobNamesAsync(store.Container, null, Ct)).Should().BeEmpty();
        (await store.GetAsync(Convert.ToHexStringLower(SHA256.HashData(content)), Ct)).Should().BeNull();
    }

    [Fact]
    public async Task Content_becomes_visible_under_its_digest_only_when_complete()
    {
        var store = _containers.NewStore(blockSize: SmallBlocks);
        var content = PseudoRandomStream.Generate(4, 400_000);
        var digest = Convert.ToHexStringLower(SHA256.HashData(content));
        var observations = 0;
        var source = new ForwardOnlyStream(content)
        {
            MaxChunk = 50_000,
            BeforeRead = async (_, ct) =>
            {
                // While the store still consumes the source (blocks are being staged), nothing is visible under the digest.
                (await store.GetAsync(digest, ct)).Should().BeNull();
                var open = () => store.OpenReadAsync(digest, ct);
                await open.Should().ThrowAsync<MlopsNotFoundException>();
                (await AzuriteContainers.BlobNamesAsync(store.Container, store.ContentPrefix, ct)).Should().BeEmpty();
                observations++;
            },
        };

        var descriptor = await store.PutAsync(source, Ct);

        observations.Should().BeGreaterThan(content.Length / 50_000, "the check ran before every read, the last one included");
        descriptor.Should().Be(new ArtifactDescriptor(digest, content.Length));
        (await store.GetAsync(digest, Ct)).Should().Be(descriptor);
    }

    [Fact]
    public async Task PutAsync_when_a_concurrent_writer_lands_the_same_content_first_keeps_that_blob_untouched()
    {
        var store = _containers.NewStore();
        var other = AzuriteContainers.StoreOver(store.Container);
        var content = PseudoRandomStream.Generate(5, 200_000);
        ArtifactDescriptor? landedFirst = null;
        string? etagOfFirst = null;
        var source = new ForwardOnlyStream(content)
        {
            BeforeRead = async (position, ct) =>
            {
                // At the last read, another writer (another process) completes the same content: our copy must find it there.
                if (position == content.Length && landedFirst is null)
                {
                    landedFirst = await other.PutAsync(new MemoryStream(content), ct);
                    etagOfFirst = (await store.Container.GetBlobClient(store.NameOf(landedFirst.Digest)).GetPropertiesAsync(cancellationToken: ct))
                        .Value.ETag.ToString();
                }
            },
        };

        var descriptor = await store.PutAsync(source, Ct);

        landedFirst.Should().NotBeNull();
        descriptor.Should().Be(landedFirst);
        var etag = (await store.Container.GetBlobClient(store.NameOf(descriptor.Digest)).GetPropertiesAsync(cancellationToken: Ct)).Value.ETag;
        etag.ToString().Should().Be(etagOfFirst, "the blob the first writer stored is kept, not overwritten");
        (await AzuriteContainers.BlobNamesAsync(store.Container, null, Ct)).Should().Equal(store.NameOf(descriptor.Digest));
        (await ReadAllAsync(store, descriptor.Digest)).AsSpan().SequenceEqual(content).Should().BeTrue();
    }

    [Fact]
    public async Task Read_stream_checks_the_digest_as_soon_as_the_stored_length_is_read()
    {
        var store = _containers.NewStore();
        var content = PseudoRandomStream.Generate(6, 10_000);
        var descriptor = await store.PutAsync(new MemoryStream(content), Ct);
        content[10] ^= 0x01;
        await store.Container.GetBlobClient(store.NameOf(descriptor.Digest)).UploadAsync(new BinaryData(content), overwrite: true, Ct);

        await using var stream = await store.OpenReadAsync(descriptor.Digest, Ct);
        var buffer = new byte[descriptor.Length];

        // A caller that reads exactly the descriptor's length never asks for the end of the stream.
        var act = async () => await stream.ReadExactlyAsync(buffer, Ct);

        (await act.Should().ThrowAsync<MlopsArtifactIntegrityException>()).Which.ExpectedDigest.Should().Be(descriptor.Digest);
    }

    [Fact]
    public async Task Read_stream_detects_a_truncated_blob()
    {
        var store = _containers.NewStore();
        var content = PseudoRandomStream.Generate(7, 1000);
        var descriptor = await store.PutAsync(new MemoryStream(content), Ct);
        await store.Container.GetBlobClient(store.NameOf(descriptor.Digest)).UploadAsync(new BinaryData(content[..999]), overwrite: true, Ct);

        var act = () => ReadAllAsync(store, descriptor.Digest);

        (await act.Should().ThrowAsync<MlopsArtifactIntegrityException>()).Which.ExpectedDigest.Should().Be(descriptor.Digest);
    }

    [Fact]
    public async Task GetAsync_and_OpenReadAsync_on_a_container_that_does_not_exist_report_absent_content()
    {
        var store = _containers.NewStore();

        (await store.GetAsync(HelloDigest, Ct)).Should().BeNull();
        var open = () => store.OpenReadAsync(HelloDigest, Ct);
        (await open.Should().ThrowAsync<MlopsNotFoundException>()).Which.Identifier.Should().Be(HelloDigest);
        (await store.Container.ExistsAsync(Ct)).Value.Should().BeFalse("reads never create the container");
    }

    [Fact]
    public async Task The_first_put_creates_the_container_when_it_is_missing()
    {
        var store = _containers.NewStore();

        await store.PutAsync(new MemoryStream("hello"u8.ToArray()), Ct);

        (await store.Container.ExistsAsync(Ct)).Value.Should().BeTrue();
    }

    [Fact]
    public async Task PutAsync_into_a_missing_container_that_may_not_be_created_fails_naming_the_container()
    {
        var store = _containers.NewStore(createContainerIfMissing: false);

        var act = () => store.PutAsync(new MemoryStream("hello"u8.ToArray()), Ct);

        var error = (await act.Should().ThrowAsync<MlopsStorageException>()).Which;
        error.Message.Should().Contain(store.Container.Name).And.Contain("404");
        (await store.Container.ExistsAsync(Ct)).Value.Should().BeFalse();
    }

    [Fact]
    public async Task The_first_put_sweeps_temporary_blobs_abandoned_by_a_dead_writer_and_keeps_recent_ones()
    {
        var container = _containers.NewContainer();
        await container.CreateAsync(cancellationToken: Ct);
        var abandoned = container.GetBlobClient("tmp/dead-writer");
        var recent = container.GetBlobClient("tmp/live-writer");
        await abandoned.UploadAsync(new BinaryData("partial"u8.ToArray()), Ct);
        var abandonedAt = (await abandoned.GetPropertiesAsync(cancellationToken: Ct)).Value.LastModified;
        // Last-modified times have one-second resolution: make the live writer's visibly later.
        await Task.Delay(TimeSpan.FromMilliseconds(1100), Ct);
        await recent.UploadAsync(new BinaryData("in progress"u8.ToArray()), Ct);
        var clock = AzuriteContainers.ClockAt(abandonedAt + AzureBlobArtifactStore.AbandonedTempAge + TimeSpan.FromMilliseconds(500));
        var store = AzuriteContainers.StoreOver(container, timeProvider: clock);

        await store.PutAsync(new MemoryStream("hello"u8.ToArray()), Ct);

        (await abandoned.ExistsAsync(Ct)).Value.Should().BeFalse();
        (await recent.ExistsAsync(Ct)).Value.Should().BeTrue();
    }

    [Fact]
    public async Task Calls_to_an_endpoint_where_nothing_listens_fail_with_a_storage_exception()
    {
        // Nothing listens on port 9 (discard) of the loopback address. No retries: the client's backoff would only slow the test.
        var service = new BlobServiceClient(
            Azurite.ConnectionStringFor("http://127.0.0.1:9/devstoreaccount1"),
            new BlobClientOptions { Retry = { MaxRetries = 0 } });
        var store = new AzureBlobArtifactStore(
            service.GetBlobContainerClient("mlops-artifacts"), string.Empty, 4 * 1024 * 1024, true, TimeProvider.System, logger: null);

        var get = () => store.GetAsync(HelloDigest, Ct);
        var put = () => store.PutAsync(new MemoryStream("hello"u8.ToArray()), Ct);

        var getError = (await get.Should().ThrowAsync<MlopsStorageException>()).Which;
        var putError = (await put.Should().ThrowAsync<MlopsStorageException>()).Which;
        getError.Message.Should().Contain("mlops-artifacts").And.Contain("sha256/2c/");
        putError.Message.Should().Contain("could not create container 'mlops-artifacts'");
    }

    private static async Task<byte[]> ReadAllAsync(AzureBlobArtifactStore store, string digest)
    {
        await using var stream = await store.OpenReadAsync(digest, Ct);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, Ct);
        return copy.ToArray();
    }
}
