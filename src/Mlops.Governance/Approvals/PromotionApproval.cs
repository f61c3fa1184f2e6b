namespace Mlops.Governance;

/// <summary>One approval of a promotion request.</summary>
/// <param name="Approver">Who approved (never the version's author).</param>
/// <param name="ApprovedAt">When.</param>
/// <param name="Comment">Their comment, if any.</param>
public sealed record PromotionApproval(string Approver, DateTimeOffset ApprovedAt, string? Comment);
