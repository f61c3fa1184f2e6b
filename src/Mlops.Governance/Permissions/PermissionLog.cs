using Microsoft.Extensions.Logging;

namespace Mlops.Governance;

/// <summary>Source-generated log messages of permissions.</summary>
internal static partial class PermissionLog
{
    [LoggerMessage(1, LogLevel.Warning, "Permission denied: {Actor} needs {Required} on {Subject} and holds {Held} ({Operation}).")]
    public static partial void Denied(ILogger logger, string actor, string subject, PermissionLevel required, PermissionLevel held, string operation);

    [LoggerMessage(2, LogLevel.Information, "{Actor} granted {Level} on {Subject} to {Principal}.")]
    public static partial void Granted(ILogger logger, string actor, PermissionLevel level, string subject, string principal);

    [LoggerMessage(3, LogLevel.Information, "{Actor} revoked the permission of {Principal} on {Subject}.")]
    public static partial void Revoked(ILogger logger, string actor, string principal, string subject);

    [LoggerMessage(4, LogLevel.Debug, "Loaded {Count} permission grant(s) at journal sequence {Sequence}.")]
    public static partial void GrantsLoaded(ILogger logger, int count, long sequence);
}
