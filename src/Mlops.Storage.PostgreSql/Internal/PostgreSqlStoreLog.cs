using Microsoft.Extensions.Logging;

namespace Mlops.Storage.PostgreSql.Internal;

/// <summary>The store's log messages, generated at compile time.</summary>
internal static partial class PostgreSqlStoreLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
        Message = "PostgreSQL database {Database} failed transiently while {Operation}; retry {Attempt} of {MaxRetries} in {DelayMs} ms.")]
    public static partial void Retry(ILogger logger, string database, string operation, int attempt, int maxRetries, double delayMs, Exception exception);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information,
        Message = "Migrated PostgreSQL database {Database} to schema version {Version}: {Description}.")]
    public static partial void Migrated(ILogger logger, string database, int version, string description);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug,
        Message = "Listening on PostgreSQL database {Database}, channel {Channel}, for journal appends.")]
    public static partial void Listening(ILogger logger, string database, string channel);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning,
        Message = "Lost (or could not open) the listening connection to PostgreSQL database {Database}, channel {Channel}; journal followers poll until it is back. Retrying in {DelayMs} ms.")]
    public static partial void ListenFailed(ILogger logger, string database, string channel, double delayMs, Exception exception);
}
