using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;

namespace Mlops.Artifacts.AzureBlob;

/// <summary>The store's log messages, generated at compile time.</summary>
internal static partial class AzureBlobArtifactStoreLog
{
    [LoggerMessage(EventId = 7101, Level = LogLevel.Debug,
        Message = "Stored artifact {Digest} ({Length} bytes) as blob {BlobName} in container {Container}.")]
    public static partial void Stored(ILogger logger, string digest, long length, string blobName, string container);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Debug,
        Message = "Artifact {Digest} was already stored as blob {BlobName} in container {Container}; kept that copy.")]
    public static partial void AlreadyStored(ILogger logger, string digest, string blobName, string container);

    [LoggerMessage(EventId = 7103, Level = LogLevel.Warning,
        Message = "Could not delete temporary blob {BlobName} in container {Container}; the sweep of a later process removes it after a day.")]
    public static partial void TempDeleteFailed(ILogger logger, string blobName, string container, Exception exception);

    [LoggerMessage(EventId = 7104, Level = LogLevel.Information,
        Message = "Deleted {Count} temporary blobs under {TempPrefix} in container {Container}, left by writers that died.")]
    public static partial void Swept(ILogger logger, int count, string tempPrefix, string container);

    [LoggerMessage(EventId = 7105, Level = LogLevel.Warning,
        Message = "Could not sweep abandoned temporary blobs under {TempPrefix} in container {Container}; puts go on.")]
    public static partial void SweepFailed(ILogger logger, string tempPrefix, string container, Exception exception);

    [LoggerMessage(EventId = 7106, Level = LogLevel.Warning,
        Message = "Blob {BlobName} in container {Container} holds a copy that ended {CopyStatus}; replacing it.")]
    public static partial void ReplacingFailedCopy(ILogger logger, string blobName, string container, CopyStatus copyStatus);
}
