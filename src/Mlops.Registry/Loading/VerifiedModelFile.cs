using System.Buffers;
using System.Security.Cryptography;
using Mlops.Artifacts;

namespace Mlops.Registry;

/// <summary>
/// A private temporary copy of model bytes whose SHA-256 and length were computed while it was written. Nothing reads the
/// bytes as a model before the copy is complete and checked; disposing deletes the file.
/// </summary>
internal sealed class VerifiedModelFile : IAsyncDisposable, IDisposable
{
    private const int BufferSize = 128 * 1024;

    private VerifiedModelFile(string path, string digest, long length)
    {
        Path = path;
        Digest = digest;
        Length = length;
    }

    /// <summary>The file, readable by the current user only.</summary>
    public string Path { get; }

    /// <summary>SHA-256 of the file's bytes.</summary>
    public string Digest { get; }

    /// <summary>The file's length.</summary>
    public long Length { get; }

    /// <summary>
    /// Streams stored content into a temp file and checks it against <paramref name="expectedDigest"/> and
    /// <paramref name="expectedLength"/>; <see cref="MlopsArtifactIntegrityException"/> (and no file) when they differ.
    /// </summary>
    public static async Task<VerifiedModelFile> FromStoreAsync(IArtifactStore store, string expectedDigest, long expectedLength, string directory, CancellationToken cancellationToken)
    {
        var source = await store.OpenReadAsync(expectedDigest, cancellationToken).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
        {
            var file = await CopyAsync(source, directory, cancellationToken).ConfigureAwait(false);
            if (file.Length != expectedLength || !string.Equals(file.Digest, expectedDigest, StringComparison.Ordinal))
            {
                var actual = file.Digest;
                file.Dispose();
                throw new MlopsArtifactIntegrityException(expectedDigest, actual);
            }

            return file;
        }
    }

    /// <summary>Streams <paramref name="source"/> into a temp file, hashing it.</summary>
    public static async Task<VerifiedModelFile> CopyAsync(Stream source, string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var path = System.IO.Path.Combine(directory, Guid.NewGuid().ToString("N") + ".model");
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            Options = FileOptions.Asynchronous,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long length = 0;
        try
        {
            var target = new FileStream(path, options);
            await using (target.ConfigureAwait(false))
            {
                int read;
                while ((read = await source.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    length += read;
                }
            }

            return new VerifiedModelFile(path, Convert.ToHexStringLower(hash.GetHashAndReset()), length);
        }
        catch
        {
            TryDelete(path);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Opens the file for reading (to store it).</summary>
    public FileStream OpenRead() => new(Path, new FileStreamOptions
    {
        Mode = FileMode.Open,
        Access = FileAccess.Read,
        Share = FileShare.Read,
        Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
    });

    public void Dispose() => TryDelete(Path);

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A temp file that cannot be deleted now is left for the OS; it holds nothing secret beyond the stored model.
        }
    }
}
