using Microsoft.Extensions.Logging;

namespace Mlops.Registry;

/// <summary>Source-generated log messages of the registry.</summary>
internal static partial class RegistryLog
{
    [LoggerMessage(1, LogLevel.Information, "Registered {ModelName} version {Version} ({Flavor}, sha256 {Digest}) from {Source}.")]
    public static partial void VersionRegistered(ILogger logger, string modelName, int version, string flavor, string digest, string source);

    [LoggerMessage(2, LogLevel.Information, "Alias {Alias} of {ModelName} moved from {OldVersion} to {NewVersion} by {Actor}.")]
    public static partial void AliasMoved(ILogger logger, string alias, string modelName, int? oldVersion, int? newVersion, string actor);

    [LoggerMessage(3, LogLevel.Warning, "Moving alias {Alias} of {ModelName} was denied: {UnmetCount} unmet requirement(s).")]
    public static partial void AliasDenied(ILogger logger, string alias, string modelName, int unmetCount);

    [LoggerMessage(4, LogLevel.Information, "Loaded {ModelName} version {Version} ({Flavor}) in {ElapsedMs:F1} ms.")]
    public static partial void ModelLoaded(ILogger logger, string modelName, int version, string flavor, double elapsedMs);

    [LoggerMessage(5, LogLevel.Error, "Integrity check failed for {ModelName} version {Version}: expected sha256 {Expected}, read {Actual}. Nothing was loaded.")]
    public static partial void IntegrityFailed(ILogger logger, string modelName, int version, string expected, string actual);

    [LoggerMessage(6, LogLevel.Debug, "Evicted {ModelName} version {Version} from the loaded-model cache.")]
    public static partial void ModelEvicted(ILogger logger, string modelName, int version);
}
