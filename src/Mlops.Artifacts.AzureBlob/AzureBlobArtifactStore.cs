using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mlops.Artifacts.AzureBlob;

/// <summary>
/// Content-addressed blobs in one container: <c>{prefix}sha256/ab/cdef…</c> (the first two hex characters of the
/// digest, then the other 62). A put streams the content into a temporary block blob under <c>{prefix}tmp/</c> while
/// hashing it, then copies it to its digest name only if no blob is there yet, so a blob under <c>sha256/</c> is always
/// complete and a duplicate or concurrent put keeps the copy already there. Reads stream and check the digest.
/// </summary>
internal sealed partial class AzureBlobArtifactStore : IArtifactStore
{
    private const string ContentFolder = "sha256/";
    private const string TempFolder = "tmp/";

    /// <summary>Temporary blobs older than this were left by a writer that died; the first put sweeps them.</summary>
    internal static readonly TimeSpan AbandonedTempAge = TimeSpan.FromHours(24);

    private readonly string _prefix;
    private readonly int _blockSize;
    private readonly bool _createContainerIfMissing;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _prepareGate = new();
    private Task? _prepared;

    public AzureBlobArtifactStore(
        BlobContainerClient container,
        string prefix,
        int blockSize,
        bool createContainerIfMissing,
        TimeProvider timeProvider,
        ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);
        ArgumentNullException.ThrowIfNull(timeProvider);
        Container = container;
        _prefix = prefix;
        _blockSize = blockSize;
        _createContainerIfMissing = createContainerIfMissing;
        _time = timeProvider;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The container the blobs live in.</summary>
    internal BlobContainerClient Container { get; }

    /// <summary>The folder-like name that every stored blob's name starts with.</summary>
    internal string ContentPrefix => _prefix + ContentFolder;

    /// <summary>The folder-like name that every temporary blob's name starts with.</summary>
    internal string TempPrefix => _prefix + TempFolder;

    /// <summary>Builds the store that <paramref name="options"/> describe (no request is sent until the first call).</summary>
    public static AzureBlobArtifactStore Create(AzureBlobArtifactStoreOptions options, TimeProvider timeProvider, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var service = string.IsNullOrWhiteSpace(options.ConnectionString)
            ? new BlobServiceClient(options.ServiceUri!, options.Credential!)
            : new BlobServiceClient(options.ConnectionString);
        return new AzureBlobArtifactStore(
            service.GetBlobContainerClient(options.ContainerName),
            options.Prefix,
            options.BlockSize,
            options.CreateContainerIfMissing,
            timeProvider,
            logger);
    }

    public async Task<Stream> OpenReadAsync(string digest, CancellationToken cancellationToken = default)
    {
        ArtifactDigest.Validate(digest);
        cancellationToken.ThrowIfCancellationRequested();
        var blob = Container.GetBlobClient(NameOf(digest));
        BlobDownloadStreamingResult download;
        try
        {
            download = (await blob.DownloadStreamingAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            throw new MlopsNotFoundException("artifact", digest);
        }
        catch (Exception ex) when (IsServiceFailure(ex))
        {
            throw StorageError("open", blob.Name, ex);
        }

        if (!IsComplete(download.Details.CopyId, download.Details.CopyStatus))
        {
            // A copy into place that is still running (or failed) is not stored content yet.
            download.Dispose();
            throw new MlopsNotFoundException("artifact", digest);
        }

        return new DigestVerifyingStream(download.Content, digest, download.Details.ContentLength);
    }

    public async Task<ArtifactDescriptor?> GetAsync(string digest, CancellationToken cancellationToken = default)
    {
        ArtifactDigest.Validate(digest);
        cancellationToken.ThrowIfCancellationRequested();
        var blob = Container.GetBlobClient(NameOf(digest));
        try
        {
            var properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            return IsComplete(properties.CopyId, properties.CopyStatus) ? new ArtifactDescriptor(digest, properties.ContentLength) : null;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
        catch (Exception ex) when (IsServiceFailure(ex))
        {
            throw StorageError("read the properties of", blob.Name, ex);
        }
    }

    /// <summary>The blob name a digest is stored under. The digest must have been validated.</summary>
    internal string NameOf(string digest) => string.Concat(ContentPrefix, digest.AsSpan(0, 2), "/", digest.AsSpan(2));

    /// <summary>A blob that was never a copy destination, or whose copy succeeded, holds complete content.</summary>
    private static bool IsComplete(string? copyId, CopyStatus copyStatus) =>
        string.IsNullOrEmpty(copyId) || copyStatus == CopyStatus.Success;

    /// <summary>Creates the container (when allowed) and sweeps abandoned temporary blobs, once per store object.</summary>
    private Task PrepareAsync(CancellationToken cancellationToken)
    {
        Task prepared;
        lock (_prepareGate)
        {
            // A failed attempt (service down, no permission) is retried by the next put rather than cached forever.
            if (_prepared is null || _prepared.IsFaulted || _prepared.IsCanceled)
            {
                _prepared = PrepareCoreAsync();
            }

            prepared = _prepared;
        }

        return prepared.WaitAsync(cancellationToken);
    }

    private async Task PrepareCoreAsync()
    {
        // Shared by concurrent puts, so no single caller's token may cancel it; each caller stops waiting on its own token.
        if (_createContainerIfMissing)
        {
            try
            {
                await Container.CreateIfNotExistsAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (IsServiceFailure(ex))
            {
                throw new MlopsStorageException(
                    $"The Azure Blob artifact store could not create container '{Container.Name}': {Describe(ex)}", ex);
            }
        }

        await SweepAbandonedTempBlobsAsync().ConfigureAwait(false);
    }

    private async Task SweepAbandonedTempBlobsAsync()
    {
        var cutoff = _time.GetUtcNow() - AbandonedTempAge;
        var swept = 0;
        try
        {
            await foreach (var item in Container.GetBlobsAsync(new GetBlobsOptions { Prefix = TempPrefix }).ConfigureAwait(false))
            {
                if (item.Properties.LastModified is { } modified && modified < cutoff)
                {
                    await Container.DeleteBlobIfExistsAsync(item.Name).ConfigureAwait(false);
                    swept++;
                }
            }
        }
        catch (Exception ex) when (IsServiceFailure(ex))
        {
            // Leftover temporary blobs cost storage, not correctness: the put goes on.
            AzureBlobArtifactStoreLog.SweepFailed(_logger, TempPrefix, Container.Name, ex);
            return;
        }

        if (swept > 0)
        {
            AzureBlobArtifactStoreLog.Swept(_logger, swept, TempPrefix, Container.Name);
        }
    }

    /// <summary>Errors of the service or the network, as opposed to cancellation and to errors of the caller's stream.</summary>
    private static bool IsServiceFailure(Exception ex) =>
        ex is not OperationCanceledException
        && ex is RequestFailedException or AggregateException or HttpRequestException or IOException;

    private static string Describe(Exception ex) => ex switch
    {
        RequestFailedException failed => $"status {failed.Status} ({failed.ErrorCode ?? "no error code"})",
        _ => ex.Message,
    };

    private MlopsStorageException StorageError(string operation, string blobName, Exception inner) =>
        new($"The Azure Blob artifact store could not {operation} blob '{blobName}' in container '{Container.Name}': {Describe(inner)}", inner);
}
