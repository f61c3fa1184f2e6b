using System.Security.Cryptography;
using Mlops.Artifacts;
using Mlops.Artifacts.FileSystem;
using Mlops.Core.Tests.TestSupport;
using Mlops.Storage.Conformance.Artifacts;

namespace Mlops.Core.Tests.Artifacts.FileSystem;

public sealed class FileSystemArtifactStoreTests : IDisposable
{
    private const string HelloDigest = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";
    private readonly TempDirectory _temp = new();
    private readonly FileSystemArtifactStore _store;

    public FileSystemArtifactStoreTests() => _store = new FileSystemArtifactStore(_temp.NewPath());

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string ContentDirectory => Path.Combine(_store.RootPath, "sha256");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task PutAsync_stores_content_at_sha256_first_two_hex_chars_then_the_rest()
    {
        var descriptor = await _store.PutAsync(new MemoryStream("hello"u8.ToArray()), Ct);

        descriptor.Digest.Should().Be(HelloDigest);
        var expectedPath = Path.Combine(_store.RootPath, "sha256", "2c", "f24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
        _store.PathOf(HelloDigest).Should().Be(expectedPath);
        (await File.ReadAllBytesAsync(expectedPath, Ct)).Should().Equal("hello"u8.ToArray());
        Directory.EnumerateFileSystemEntries(_store.RootPath).Select(Path.GetFileName)
            .Should().BeEquivalentTo("sha256", "tmp");
    }

    [Fact]
    public async Task PutAsync_leaves_no_temp_file_after_success()
    {
        await _store.PutAsync(new MemoryStream(PseudoRandomStream.Generate(1, 300_000)), Ct);
        await _store.PutAsync(new MemoryStream(PseudoRandomStream.Generate(1, 300_000)), Ct);

        TempFiles().Should().BeEmpty();
        StoredFiles().Should().ContainSingle();
    }

    [Fact]
    public async Task PutAsync_with_a_failing_source_rethrows_its_error_and_leaves_no_file()
    {
        var failure = new IOException("network reset");
        var source = new ForwardOnlyStream(PseudoRandomStream.Generate(2, 500_000))
        {
            BeforeRead = (position, _) => position >= 100_000 ? throw failure : ValueTask.CompletedTask,
        };

        var act = () => _store.PutAsync(source, Ct);

        (await act.Should().ThrowAsync<IOException>()).Which.Should().BeSameAs(failure);
        TempFiles().Should().BeEmpty();
        StoredFiles().Should().BeEmpty();
    }

    [Fact]
    public async Task PutAsync_cancelled_while_streaming_leaves_no_temp_file()
    {
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var source = new ForwardOnlyStream(PseudoRandomStream.Generate(3, 500_000))
        {
            BeforeRead = async (position, _) =>
            {
                if (position >= 100_000)
                {
                    await cancellation.CancelAsync();
                }
            },
        };

        var act = () => _store.PutAsync(source, cancellation.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        TempFiles().Should().BeEmpty();
        StoredFiles().Should().BeEmpty();
    }

    [Fact]
    public async Task Content_becomes_visible_under_its_digest_only_when_complete()
    {
        var content = PseudoRandomStream.Generate(4, 400_000);
        var digest = Convert.ToHexStringLower(SHA256.HashData(content));
        var finalPath = _store.PathOf(digest);
        var observations = 0;
        var source = new ForwardOnlyStream(content)
        {
            MaxChunk = 50_000,
            BeforeRead = async (position, ct) =>
            {
                // While the store is still consuming the source (including the final read that returns 0), the bytes
                // written so far sit in tmp/ and nothing is visible under the digest.
                File.Exists(finalPath).Should().BeFalse();
                (await _store.GetAsync(digest, ct)).Should().BeNull();
                var open = () => _store.OpenReadAsync(digest, ct);
                await open.Should().ThrowAsync<MlopsNotFoundException>();
                if (position > 0)
                {
                    TempFiles().Should().ContainSingle().Which.Length.Should().Be(position);
                }

                observations++;
            },
        };

        var descriptor = await _store.PutAsync(source, Ct);

        observations.Should().Be(content.Length / 50_000 + 1);
        descriptor.Should().Be(new ArtifactDescriptor(digest, content.Length));
        new FileInfo(finalPath).Length.Should().Be(content.Length);
        TempFiles().Should().BeEmpty();
    }

    [Fact]
    public async Task PutAsync_when_a_concurrent_writer_lands_the_same_content_first_keeps_that_copy()
    {
        var content = PseudoRandomStream.Generate(5, 200_000);
        FileSystemArtifactStore other = new(_store.RootPath);
        ArtifactDescriptor? landedFirst = null;
        var source = new ForwardOnlyStream(content)
        {
            BeforeRead = async (position, ct) =>
            {
                // At the last read, another writer completes the same content: our move must find the file there.
                if (position == content.Length && landedFirst is null)
                {
                    landedFirst = await other.PutAsync(new MemoryStream(content), ct);
                }
            },
        };

        var descriptor = await _store.PutAsync(source, Ct);

        landedFirst.Should().NotBeNull();
        descriptor.Should().Be(landedFirst);
        StoredFiles().Should().ContainSingle();
        TempFiles().Should().BeEmpty();
        var read = new MemoryStream();
        await using (var stream = await _store.OpenReadAsync(descriptor.Digest, Ct))
        {
            await stream.CopyToAsync(read, Ct);
        }

        read.ToArray().AsSpan().SequenceEqual(content).Should().BeTrue();
    }

    [Fact]
    public async Task Read_stream_checks_the_digest_as_soon_as_the_stored_length_is_read()
    {
        var content = PseudoRandomStream.Generate(6, 10_000);
        var descriptor = await _store.PutAsync(new MemoryStream(content), Ct);
        content[10] ^= 0x01;
        await File.WriteAllBytesAsync(_store.PathOf(descriptor.Digest), content, Ct);

        await using var stream = await _store.OpenReadAsync(descriptor.Digest, Ct);
        var buffer = new byte[descriptor.Length];

        // A caller that reads exactly the descriptor's length never asks for the end of the stream.
        var act = async () => await stream.ReadExactlyAsync(buffer, Ct);

        await act.Should().ThrowAsync<MlopsArtifactIntegrityException>();
    }

    [Fact]
    public async Task Read_stream_keeps_failing_after_an_integrity_error()
    {
        var descriptor = await _store.PutAsync(new MemoryStream(PseudoRandomStream.Generate(7, 1000)), Ct);
        await File.WriteAllBytesAsync(_store.PathOf(descriptor.Digest), PseudoRandomStream.Generate(8, 1000), Ct);
        await using var stream = await _store.OpenReadAsync(descriptor.Digest, Ct);

        var first = () => stream.CopyToAsync(Stream.Null, Ct);
        var again = () => stream.ReadAsync(new byte[16], Ct).AsTask();

        await first.Should().ThrowAsync<MlopsArtifactIntegrityException>();
        await again.Should().ThrowAsync<MlopsArtifactIntegrityException>();
    }

    [Fact]
    public async Task Read_stream_detects_a_truncated_file()
    {
        var descriptor = await _store.PutAsync(new MemoryStream(PseudoRandomStream.Generate(9, 1000)), Ct);
        await using (var file = new FileStream(_store.PathOf(descriptor.Digest), FileMode.Open, FileAccess.Write))
        {
            file.SetLength(999);
        }

        var act = async () =>
        {
            await using var stream = await _store.OpenReadAsync(descriptor.Digest, Ct);
            await stream.CopyToAsync(Stream.Null, Ct);
        };

        var error = (await act.Should().ThrowAsync<MlopsArtifactIntegrityException>()).Which;
        error.ExpectedDigest.Should().Be(descriptor.Digest);
    }

    [Fact]
    public async Task Disposing_the_read_stream_closes_the_file()
    {
        var descriptor = await _store.PutAsync(new MemoryStream([1, 2, 3]), Ct);
        var path = _store.PathOf(descriptor.Digest);
        var stream = await _store.OpenReadAsync(descriptor.Digest, Ct);
        var exclusive = () => new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None).Dispose();
        exclusive.Should().Throw<IOException>("the reader still holds the file");

        await stream.DisposeAsync();

        exclusive.Should().NotThrow();
        stream.CanRead.Should().BeFalse();
        var read = () => stream.ReadByte();
        read.Should().Throw<ObjectDisposedException>();
    }

    [Fact]
    public void A_relative_root_resolves_against_the_current_directory()
    {
        var store = new FileSystemArtifactStore(Path.Combine("relative", "artifacts"));

        store.RootPath.Should().Be(Path.Combine(Directory.GetCurrentDirectory(), "relative", "artifacts"));
        Path.IsPathFullyQualified(store.RootPath).Should().BeTrue();
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Constructor_refuses_an_empty_root(string root)
    {
        var act = () => new FileSystemArtifactStore(root);

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public async Task The_first_put_sweeps_temp_files_abandoned_by_a_dead_writer_and_keeps_recent_ones()
    {
        Directory.CreateDirectory(_store.TempDirectory);
        var abandoned = Path.Combine(_store.TempDirectory, "dead-writer.tmp");
        var recent = Path.Combine(_store.TempDirectory, "live-writer.tmp");
        await File.WriteAllTextAsync(abandoned, "partial", Ct);
        await File.WriteAllTextAsync(recent, "in progress", Ct);
        File.SetLastWriteTimeUtc(abandoned, DateTime.UtcNow - FileSystemArtifactStore.AbandonedTempAge - TimeSpan.FromMinutes(1));

        await _store.PutAsync(new MemoryStream("hello"u8.ToArray()), Ct);

        File.Exists(abandoned).Should().BeFalse();
        File.Exists(recent).Should().BeTrue();
    }

    private FileInfo[] TempFiles() =>
        Directory.Exists(_store.TempDirectory) ? new DirectoryInfo(_store.TempDirectory).GetFiles() : [];

    private string[] StoredFiles() =>
        Directory.Exists(ContentDirectory) ? Directory.GetFiles(ContentDirectory, "*", SearchOption.AllDirectories) : [];
}
