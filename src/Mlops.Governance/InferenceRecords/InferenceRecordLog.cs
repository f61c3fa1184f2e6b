using Microsoft.Extensions.Logging;

namespace Mlops.Governance;

/// <summary>Source-generated log messages of inference records.</summary>
internal static partial class InferenceRecordLog
{
    [LoggerMessage(1, LogLevel.Error, "Inference records: appending {Count} records failed; they are counted as failed.")]
    public static partial void WriteFailed(ILogger logger, Exception error, int count);

    [LoggerMessage(2, LogLevel.Warning, "Inference records: a prediction of {ModelName} could not be serialized; it is counted as failed.")]
    public static partial void SerializeFailed(ILogger logger, Exception error, string modelName);

    [LoggerMessage(3, LogLevel.Warning, "Inference records: the buffer is full ({Capacity}); predictions are being dropped and counted. Raise BufferCapacity or lower SampleRate.")]
    public static partial void BufferFull(ILogger logger, int capacity);

    [LoggerMessage(4, LogLevel.Information, "Inference records: purged {Count} records older than {Cutoff:O}.")]
    public static partial void Purged(ILogger logger, long count, DateTimeOffset cutoff);

    [LoggerMessage(5, LogLevel.Error, "Inference records: the {Job} job failed; it runs again at its next interval.")]
    public static partial void JobFailed(ILogger logger, Exception error, string job);

    [LoggerMessage(6, LogLevel.Warning, "Inference records: {Count} buffered records were never written before disposal; they are counted as dropped.")]
    public static partial void DroppedAtDisposal(ILogger logger, int count);
}
