using Microsoft.Extensions.Logging;

namespace Mlops.Governance;

/// <summary>Source-generated log messages of the audit log.</summary>
internal static partial class AuditLogMessages
{
    [LoggerMessage(3001, LogLevel.Information, "Journal chain verified: {EntryCount} entries, head at entry {HeadSequence}.")]
    public static partial void ChainVerified(ILogger logger, long entryCount, long headSequence);

    [LoggerMessage(3002, LogLevel.Error, "Journal chain broken at entry {Sequence}: {Problem}")]
    public static partial void ChainBroken(ILogger logger, long? sequence, string? problem);

    [LoggerMessage(3003, LogLevel.Information, "Audit bundle exported by {Actor}: {EntryCount} entries, head at entry {HeadSequence}.")]
    public static partial void BundleExported(ILogger logger, long entryCount, long headSequence, string actor);
}
