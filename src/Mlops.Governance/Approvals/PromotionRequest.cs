namespace Mlops.Governance;

/// <summary>
/// A request to point an alias of a model at exactly one version, with its approvals. Kept as a governance record; every
/// change is journaled (<c>promotion.*</c> entries on subject <c>model/NAME/VERSION</c>).
/// </summary>
public sealed record PromotionRequest
{
    /// <summary>The longest comment, in characters.</summary>
    public const int MaxCommentLength = 5000;

    /// <summary>The request id: <c>MODEL/ALIAS/VERSION/RANDOM</c>.</summary>
    public required string Id { get; init; }

    /// <summary>The model.</summary>
    public required string ModelName { get; init; }

    /// <summary>The alias to move.</summary>
    public required string Alias { get; init; }

    /// <summary>The version the alias would point at; approvals are bound to it.</summary>
    public required int Version { get; init; }

    /// <summary>The version's author when the request was made (who can never approve it).</summary>
    public required string VersionAuthor { get; init; }

    /// <summary>
    /// The SHA-256 of the version's model file when the request was made: approvals count only for a version with these
    /// very bytes, so a model renamed into this name cannot inherit another model's approvals for the same number.
    /// </summary>
    public string? VersionDigest { get; init; }

    /// <summary>Where the request stands.</summary>
    public required PromotionRequestStatus Status { get; init; }

    /// <summary>Who asked.</summary>
    public required string RequestedBy { get; init; }

    /// <summary>When.</summary>
    public required DateTimeOffset RequestedAt { get; init; }

    /// <summary>The requester's comment, if any.</summary>
    public string? Comment { get; init; }

    /// <summary>How many approvals from actors other than the author the request needs (the strictest policy's, at least 1).</summary>
    public int RequiredApprovals { get; init; } = 1;

    /// <summary>The approvals so far, in order.</summary>
    public IReadOnlyList<PromotionApproval> Approvals { get; init; } = [];

    /// <summary>When the request left <see cref="PromotionRequestStatus.Pending"/> (approved, rejected or expired).</summary>
    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>Who resolved it: the last approver, the rejecter, or the actor that found it expired.</summary>
    public string? ResolvedBy { get; init; }

    /// <summary>The rejecter's comment, if any.</summary>
    public string? ResolutionComment { get; init; }

    /// <summary>The latest attempt to move the alias, once approved.</summary>
    public PromotionExecution? Execution { get; init; }
}
