using Amazon.S3.Model;
using Mlops.Artifacts.S3.Tests.TestSupport;
using Mlops.Storage.Conformance.Artifacts;

namespace Mlops.Artifacts.S3.Tests;

/// <summary>What the conformance suite cannot see: the key layout, the multipart path and what a put leaves behind.</summary>
public sealed class S3ArtifactStoreTests : IAsyncDisposable
{
    private const int PartSize = S3ArtifactStoreOptions.MinPartSize;
    private const string HelloDigest = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";
    private S3TestBuckets? _buckets;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private S3TestBuckets Buckets => _buckets!;

    public async ValueTask DisposeAsync()
    {
        if (_buckets is not null)
        {
            await _buckets.DisposeAsync();
        }
    }

    [Fact]
    public async Task PutAsync_stores_content_under_the_prefix_at_sha256_first_two_hex_chars_then_the_rest()
    {
        var store = await CreateStoreAsync(prefix: "team-a/");

        var descriptor = await store.PutAsync(new MemoryStream("hello"u8.ToArray()), Ct);

        descriptor.Should().Be(new ArtifactDescriptor(HelloDigest, 5));
        var keys = (await Buckets.ListObjectsAsync(store.BucketName, Ct)).Select(o => o.Key);
        keys.Should().Equal("team-a/sha256/2c/f24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
    }

    [Theory]
    [InlineData(PartSize)]
    [InlineData(PartSize + 1)]
    [InlineData(2 * PartSize)]
    [InlineData(2 * PartSize + 12_345)]
    public async Task PutAsync_around_part_boundaries_stores_the_bytes_and_leaves_no_temporary_object_or_upload(int length)
    {
        var store = await CreateStoreAsync();
        var content = PseudoRandomStream.Generate((ulong)length, length);

        var descriptor = await store.PutAsync(new ForwardOnlyStream(content) { MaxChunk = 64 * 1024 }, Ct);

        descriptor.Should().Be(new ArtifactDescriptor(Sha256Hex(content), length));
        await ShouldHoldOnlyContentAsync(store, descriptor.Digest);
        ShouldBeSameBytes(await ReadAllAsync(store, descriptor.Digest), content);
    }

    [Fact]
    public async Task PutAsync_beyond_the_single_copy_limit_copies_into_place_in_parts()
    {
        var bucket = await ConnectAndCreateBucketAsync();
        var store = new S3ArtifactStore(Buckets.Client, ownsClient: false, bucket, "", PartSize)
        {
            MaxSingleCopyLength = PartSize + 1,
            CopyPartSize = PartSize,
        };
        var content = PseudoRandomStream.Generate(7, 2 * PartSize + 999);

        var descriptor = await store.PutAsync(new MemoryStream(content), Ct);

        descriptor.Should().Be(new ArtifactDescriptor(Sha256Hex(content), content.Length));
        await ShouldHoldOnlyContentAsync(store, descriptor.Digest);
        ShouldBeSameBytes(await ReadAllAsync(store, descriptor.Digest), content);
    }

    [Fact]
    public async Task PutAsync_from_4_concurrent_multipart_writers_of_the_same_bytes_all_succeed_with_one_intact_copy()
    {
        var store = await CreateStoreAsync();
        var content = PseudoRandomStream.Generate(8, 2 * PartSize + 5);
        var expected = new ArtifactDescriptor(Sha256Hex(content), content.Length);

        var descriptors = await Task.WhenAll(Enumerable.Range(0, 4)
            .Select(_ => Task.Run(() => store.PutAsync(new ForwardOnlyStream(content), Ct), Ct)));

        descriptors.Should().AllBeEquivalentTo(expected);
        await ShouldHoldOnlyContentAsync(store, expected.Digest);
        ShouldBeSameBytes(await ReadAllAsync(store, expected.Digest), content);
    }

    [Fact]
    public async Task PutAsync_of_content_already_stored_does_not_write_it_again()
    {
        var store = await CreateStoreAsync();
        var descriptor = await store.PutAsync(new MemoryStream("hello"u8.ToArray()), Ct);
        var key = store.ContentKey(descriptor.Digest);
        var marked = new PutObjectRequest { BucketName = store.BucketName, Key = key, InputStream = new MemoryStream("hello"u8.ToArray()) };
        marked.Metadata.Add("marker", "first-copy");
        await Buckets.Client.PutObjectAsync(marked, Ct);

        var again = await store.PutAsync(new MemoryStream("hello"u8.ToArray()), Ct);

        again.Should().Be(descriptor);
        var metadata = await Buckets.Client.GetObjectMetadataAsync(store.BucketName, key, Ct);
        metadata.Metadata["marker"].Should().Be("first-copy", "the object already stored is kept, not rewritten");
    }

    [Fact]
    public async Task PutAsync_cancelled_during_a_multipart_upload_aborts_it_and_stores_nothing()
    {
        var store = await CreateStoreAsync();
        var content = PseudoRandomStream.Generate(9, 3 * PartSize);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var source = new ForwardOnlyStream(content)
        {
            BeforeRead = async (position, _) =>
            {
                if (position >= 2 * PartSize + 100_000)
                {
                    await cancellation.CancelAsync();
                }
            },
        };

        var act = () => store.PutAsync(source, cancellation.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        (await Buckets.ListObjectsAsync(store.BucketName, Ct)).Should().BeEmpty();
        (await Buckets.ListUploadsAsync(store.BucketName, Ct)).Should().BeEmpty();
    }

    [Fact]
    public async Task PutAsync_with_a_source_failing_after_the_first_part_rethrows_its_error_and_stores_nothing()
    {
        var store = await CreateStoreAsync();
        var failure = new IOException("network reset");
        var source = new ForwardOnlyStream(PseudoRandomStream.Generate(10, 3 * PartSize))
        {
            BeforeRead = (position, _) => position >= 2 * PartSize + 1 ? throw failure : ValueTask.CompletedTask,
        };

        var act = () => store.PutAsync(source, Ct);

        (await act.Should().ThrowAsync<IOException>()).Which.Should().BeSameAs(failure);
        (await Buckets.ListObjectsAsync(store.BucketName, Ct)).Should().BeEmpty();
        (await Buckets.ListUploadsAsync(store.BucketName, Ct)).Should().BeEmpty();
    }

    [Fact]
    public async Task A_missing_bucket_gives_storage_exceptions_naming_the_bucket()
    {
        await ConnectAndCreateBucketAsync();
        var store = new S3ArtifactStore(Buckets.Client, ownsClient: false, "mlops-test-no-such-bucket", "", PartSize);

        var put = () => store.PutAsync(new MemoryStream("hello"u8.ToArray()), Ct);
        var open = () => store.OpenReadAsync(HelloDigest, Ct);

        (await put.Should().ThrowAsync<MlopsStorageException>()).Which.Message.Should().Contain("mlops-test-no-such-bucket");
        (await open.Should().ThrowAsync<MlopsStorageException>()).Which.Message.Should().Contain("NoSuchBucket");
    }

    private async Task<string> ConnectAndCreateBucketAsync()
    {
        _buckets ??= await S3TestBuckets.ConnectAsync();
        return await _buckets.CreateBucketAsync(Ct);
    }

    private async Task<S3ArtifactStore> CreateStoreAsync(string prefix = "")
    {
        _buckets ??= await S3TestBuckets.ConnectAsync();
        return await _buckets.CreateStoreAsync(Ct, prefix, PartSize);
    }

    private async Task ShouldHoldOnlyContentAsync(S3ArtifactStore store, string digest)
    {
        (await Buckets.ListObjectsAsync(store.BucketName, Ct)).Select(o => o.Key).Should().Equal(store.ContentKey(digest));
        (await Buckets.ListUploadsAsync(store.BucketName, Ct)).Should().BeEmpty();
    }

    private static string Sha256Hex(byte[] bytes) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));

    private static async Task<byte[]> ReadAllAsync(S3ArtifactStore store, string digest)
    {
        var stream = await store.OpenReadAsync(digest, Ct);
        await using (stream)
        {
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy, Ct);
            return copy.ToArray();
        }
    }

    private static void ShouldBeSameBytes(byte[] actual, byte[] expected)
    {
        actual.Length.Should().Be(expected.Length);
        actual.AsSpan().SequenceEqual(expected).Should().BeTrue("the bytes read back must be the bytes put");
    }
}
