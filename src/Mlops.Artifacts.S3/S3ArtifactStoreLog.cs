using Microsoft.Extensions.Logging;

namespace Mlops.Artifacts.S3;

/// <summary>The store's log messages, generated at compile time.</summary>
internal static partial class S3ArtifactStoreLog
{
    [LoggerMessage(5001, LogLevel.Debug, "Stored artifact {Digest} ({Length} bytes) in bucket {BucketName} at {Key}.")]
    public static partial void Stored(ILogger logger, string digest, long length, string bucketName, string key);

    [LoggerMessage(5002, LogLevel.Debug, "Artifact {Digest} is already stored in bucket {BucketName} at {Key}; the put keeps that copy.")]
    public static partial void AlreadyStored(ILogger logger, string digest, string bucketName, string key);

    [LoggerMessage(5003, LogLevel.Warning,
        "Could not delete the temporary object {Key} in bucket {BucketName}; a lifecycle rule on the tmp/ prefix removes such leftovers.")]
    public static partial void TempDeleteFailed(ILogger logger, string bucketName, string key, Exception exception);

    [LoggerMessage(5004, LogLevel.Warning,
        "Could not abort multipart upload {UploadId} of {Key} in bucket {BucketName}; a lifecycle rule that aborts incomplete uploads removes it.")]
    public static partial void AbortFailed(ILogger logger, string uploadId, string bucketName, string key, Exception exception);
}
