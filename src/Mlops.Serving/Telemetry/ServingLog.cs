using Microsoft.Extensions.Logging;

namespace Mlops.Serving.Telemetry;

/// <summary>Source-generated log messages of serving.</summary>
internal static partial class ServingLog
{
    [LoggerMessage(1, LogLevel.Information, "Serving {Key} ({Variant}): published {ModelName} version {Version} (was {OldVersion}) after {ElapsedMs:F1} ms; cause: {Cause}.")]
    public static partial void Published(ILogger logger, string key, string variant, string modelName, int version, int? oldVersion, double elapsedMs, string cause);

    [LoggerMessage(2, LogLevel.Error, "Serving {Key} ({Variant}): could not swap to {Target}; {Current} keeps serving.")]
    public static partial void SwapFailed(ILogger logger, Exception error, string key, string variant, string target, string current);

    [LoggerMessage(3, LogLevel.Warning, "Serving {Key}: online drift over threshold for {ModelName} version {Version}: {Features}.")]
    public static partial void DriftDetected(ILogger logger, string key, string modelName, int version, string features);

    [LoggerMessage(4, LogLevel.Information, "Serving {Key}: online drift back under threshold for {ModelName} version {Version}.")]
    public static partial void DriftCleared(ILogger logger, string key, string modelName, int version);

    [LoggerMessage(5, LogLevel.Debug, "Serving {Key}: warm-up with a default {InputType} failed ({Message}); configure WarmupInput to warm up with a real row.")]
    public static partial void DefaultWarmupFailed(ILogger logger, string key, string inputType, string message);

    [LoggerMessage(6, LogLevel.Error, "Serving: reading the journal failed; will retry at the next poll.")]
    public static partial void FollowFailed(ILogger logger, Exception error);

    [LoggerMessage(7, LogLevel.Warning, "Serving {Key} (shadow): version {Version} failed on a mirrored row.")]
    public static partial void ShadowFailed(ILogger logger, Exception error, string key, int version);

    [LoggerMessage(8, LogLevel.Warning, "Serving {Key}: the journal entry for a served swap could not be appended.")]
    public static partial void SwapJournalFailed(ILogger logger, Exception error, string key);

    [LoggerMessage(9, LogLevel.Warning, "Serving {Key}: {ModelName} was stopped by {Actor} at {Since:O} ({Answer}): {Reason}.")]
    public static partial void Disabled(ILogger logger, string key, string modelName, string actor, DateTimeOffset since, string answer, string reason);

    [LoggerMessage(10, LogLevel.Information, "Serving {Key}: {ModelName} serves again.")]
    public static partial void Enabled(ILogger logger, string key, string modelName);

    [LoggerMessage(11, LogLevel.Warning, "Serving {Key}: could not read the serving control of {ModelName}; will retry at the next sync.")]
    public static partial void ControlReadFailed(ILogger logger, Exception error, string key, string modelName);

    [LoggerMessage(12, LogLevel.Warning, "Serving {Key}: the inference recorder failed on a prediction of {ModelName}; the prediction was served.")]
    public static partial void RecorderFailed(ILogger logger, Exception error, string key, string modelName);
}
