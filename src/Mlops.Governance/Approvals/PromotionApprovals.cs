namespace Mlops.Governance;

/// <summary>Separation of duties in one place: which approvals count.</summary>
internal static class PromotionApprovals
{
    /// <summary>The distinct approvers other than <paramref name="author"/>: the author's approval never counts, and each approver counts once.</summary>
    public static int Count(IEnumerable<string> approvers, string author) =>
        approvers.Where(a => !string.Equals(a, author, StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).Count();
}
