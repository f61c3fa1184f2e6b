using Microsoft.Extensions.Logging;

namespace Mlops.Governance;

/// <summary>Source-generated log messages of human oversight.</summary>
internal static partial class OversightLog
{
    [LoggerMessage(1, LogLevel.Warning, "Human oversight: {Actor} stopped serving {ModelName}: {Reason}.")]
    public static partial void Disabled(ILogger logger, string actor, string modelName, string reason);

    [LoggerMessage(2, LogLevel.Information, "Human oversight: {Actor} let {ModelName} serve again: {Reason}.")]
    public static partial void Enabled(ILogger logger, string actor, string modelName, string reason);

    [LoggerMessage(3, LogLevel.Information, "Human oversight: {Actor} overrode an output of {ModelName} version {Version} ({Prediction}): {Reason}.")]
    public static partial void Overridden(ILogger logger, string actor, string modelName, int version, string prediction, string reason);
}
