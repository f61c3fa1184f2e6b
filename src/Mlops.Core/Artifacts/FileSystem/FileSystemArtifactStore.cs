using System.Buffers;
using System.Security.Cryptography;

namespace Mlops.Artifacts.FileSystem;

/// <summary>
/// Content-addressed files under one root: <c>sha256/ab/cdef…</c> (the first two hex characters of the digest name a
/// directory, the other 62 the file). Content is streamed into <c>tmp/</c> while it is hashed, flushed to disk, then
/// moved into place without overwriting, so a file under <c>sha256/</c> is always complete and a duplicate put keeps
/// the copy already there.
/// </summary>
internal sealed class FileSystemArtifactStore : IArtifactStore
{
    private const int BufferSize = 128 * 1024;
    private const string TempDirectoryName = "tmp";
    private const string ContentDirectoryName = "sha256";

    /// <summary>Temp files older than this were left by a writer that died (a live put takes far less); the first put sweeps them.</summary>
    internal static readonly TimeSpan AbandonedTempAge = TimeSpan.FromHours(24);

    private int _swept;

    public FileSystemArtifactStore(string rootPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rootPath);
        RootPath = Path.GetFullPath(rootPath);
    }

    /// <summary>The absolute root directory (a relative path was resolved when the store was created).</summary>
    public string RootPath { get; }

    public async Task<ArtifactDescriptor> PutAsync(Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (!content.CanRead)
        {
            throw new ArgumentException("The artifact content stream is not readable.", nameof(content));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var tempPath = CreateTempPath();
        try
        {
            var (digest, length) = await WriteTempFileAsync(content, tempPath, cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            MoveIntoPlace(tempPath, PathOf(digest));
            return new ArtifactDescriptor(digest, length);
        }
        finally
        {
            // After a successful move the temp name no longer exists and this does nothing.
            DeleteQuietly(tempPath);
        }
    }

    public Task<Stream> OpenReadAsync(string digest, CancellationToken cancellationToken = default)
    {
        ArtifactDigest.Validate(digest);
        cancellationToken.ThrowIfCancellationRequested();
        FileStream file;
        try
        {
            // FileShare.Delete: an open reader must not stop an operator from removing or replacing the file.
            file = new FileStream(PathOf(digest), new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.Read | FileShare.Delete,
                Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
            });
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new MlopsNotFoundException("artifact", digest);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new MlopsStorageException($"Cannot open artifact {digest} under '{RootPath}': {ex.Message}", ex);
        }

        return Task.FromResult<Stream>(new DigestVerifyingStream(file, digest, file.Length));
    }

    public Task<ArtifactDescriptor?> GetAsync(string digest, CancellationToken cancellationToken = default)
    {
        ArtifactDigest.Validate(digest);
        cancellationToken.ThrowIfCancellationRequested();
        var file = new FileInfo(PathOf(digest));
        return Task.FromResult(file.Exists ? new ArtifactDescriptor(digest, file.Length) : null);
    }

    /// <summary>The path a digest is stored at. The digest must have been validated (it is then safe as a file name).</summary>
    internal string PathOf(string digest) =>
        Path.Combine(RootPath, ContentDirectoryName, digest[..2], digest[2..]);

    internal string TempDirectory => Path.Combine(RootPath, TempDirectoryName);

    private static async Task<(string Digest, long Length)> WriteTempFileAsync(Stream content, string tempPath, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            var file = OpenTempFile(tempPath);
            await using (file.ConfigureAwait(false))
            {
                var length = 0L;
                while (true)
                {
                    // Errors of the caller's stream pass through unchanged; only our own I/O becomes MlopsStorageException.
                    var read = await content.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    hash.AppendData(buffer, 0, read);
                    length += read;
                    try
                    {
                        await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                    {
                        throw StorageError("write", tempPath, ex);
                    }
                }

                try
                {
                    // Durable before it becomes visible: a crash must never leave a short file under its digest.
                    file.Flush(flushToDisk: true);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    throw StorageError("flush", tempPath, ex);
                }

                return (Convert.ToHexStringLower(hash.GetHashAndReset()), length);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static FileStream OpenTempFile(string tempPath)
    {
        try
        {
            // BufferSize 0: the pooled buffer is the only buffer; writes go straight to the OS.
            return new FileStream(tempPath, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                Options = FileOptions.Asynchronous,
                BufferSize = 0,
            });
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw StorageError("create", tempPath, ex);
        }
    }

    private static void MoveIntoPlace(string tempPath, string finalPath)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(finalPath)!);
            File.Move(tempPath, finalPath, overwrite: false);
        }
        catch (IOException) when (File.Exists(finalPath))
        {
            // Same digest, same bytes: an earlier or a concurrent put already stored them. Keep that copy.
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw StorageError("move into place", finalPath, ex);
        }
    }

    private string CreateTempPath()
    {
        try
        {
            Directory.CreateDirectory(TempDirectory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw StorageError("create directory", TempDirectory, ex);
        }

        if (Interlocked.Exchange(ref _swept, 1) == 0)
        {
            SweepAbandonedTempFiles();
        }

        return Path.Combine(TempDirectory, Guid.NewGuid().ToString("N") + ".tmp");
    }

    private void SweepAbandonedTempFiles()
    {
        var cutoff = DateTime.UtcNow - AbandonedTempAge;
        foreach (var file in Directory.EnumerateFiles(TempDirectory, "*.tmp"))
        {
            if (File.GetLastWriteTimeUtc(file) < cutoff)
            {
                DeleteQuietly(file);
            }
        }
    }

    private static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The put's own outcome (success or the original error) matters more than a leftover temp file.
        }
    }

    private static MlopsStorageException StorageError(string operation, string path, Exception inner) =>
        new($"The file-system artifact store could not {operation} '{path}': {inner.Message}", inner);
}
