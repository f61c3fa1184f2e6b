using Microsoft.Extensions.Logging;

namespace Mlops.Governance;

/// <summary>Source-generated log messages of the approval workflow.</summary>
internal static partial class ApprovalLog
{
    [LoggerMessage(2001, LogLevel.Information, "{Actor} requested promotion {RequestId}: alias {Alias} of {ModelName} to version {Version}.")]
    public static partial void Requested(ILogger logger, string actor, string requestId, string alias, string modelName, int version);

    [LoggerMessage(2002, LogLevel.Information, "{Actor} approved promotion {RequestId} ({Approvals} of {Required}); status {Status}.")]
    public static partial void Approved(ILogger logger, string actor, string requestId, int approvals, int required, PromotionRequestStatus status);

    [LoggerMessage(2003, LogLevel.Warning, "{Actor} may not approve promotion {RequestId}: they are the author of the version.")]
    public static partial void AuthorRefused(ILogger logger, string actor, string requestId);

    [LoggerMessage(2004, LogLevel.Information, "{Actor} rejected promotion {RequestId}.")]
    public static partial void Rejected(ILogger logger, string actor, string requestId);

    [LoggerMessage(2005, LogLevel.Information, "Promotion {RequestId} expired after {Lifetime} pending.")]
    public static partial void Expired(ILogger logger, string requestId, TimeSpan lifetime);

    [LoggerMessage(2006, LogLevel.Information, "Promotion {RequestId} executed: alias {Alias} of {ModelName} now points at version {Version}.")]
    public static partial void Executed(ILogger logger, string requestId, string alias, string modelName, int version);

    [LoggerMessage(2007, LogLevel.Warning, "Promotion {RequestId} is approved but the alias did not move: {Error}")]
    public static partial void ExecutionFailed(ILogger logger, string requestId, string error);

    [LoggerMessage(2008, LogLevel.Debug, "Promotion {RequestId} changed while being updated (attempt {Attempt}); reading it again.")]
    public static partial void UpdateConflict(ILogger logger, string requestId, int attempt);
}
