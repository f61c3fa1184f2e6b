namespace Mlops.Governance;

/// <summary>One step of a promotion request of the version, from the journal.</summary>
/// <param name="Sequence">The journal entry.</param>
/// <param name="Timestamp">When.</param>
/// <param name="Kind">The entry kind (<c>promotion.requested</c>, <c>promotion.approved</c>, ...).</param>
/// <param name="Status">The request's status after the step (payload <c>status</c>, else the kind's last part).</param>
/// <param name="Actor">Who.</param>
/// <param name="RequestId">The promotion request.</param>
/// <param name="Alias">The alias the request moves.</param>
/// <param name="Comment">The comment given.</param>
public sealed record ModelCardApproval(long Sequence, DateTimeOffset Timestamp, string Kind, string Status, string Actor, string? RequestId, string? Alias, string? Comment);
