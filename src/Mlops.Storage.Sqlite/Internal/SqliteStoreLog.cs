using Microsoft.Extensions.Logging;

namespace Mlops.Storage.Sqlite.Internal;

/// <summary>The store's log messages, generated at compile time.</summary>
internal static partial class SqliteStoreLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
        Message = "SQLite database {DatabasePath} stayed busy while {Operation}; retry {Attempt} of {MaxRetries} in {DelayMs} ms.")]
    public static partial void BusyRetry(ILogger logger, string databasePath, string operation, int attempt, int maxRetries, double delayMs, Exception exception);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information,
        Message = "Migrated SQLite database {DatabasePath} to schema version {Version}: {Description}.")]
    public static partial void Migrated(ILogger logger, string databasePath, int version, string description);
}
