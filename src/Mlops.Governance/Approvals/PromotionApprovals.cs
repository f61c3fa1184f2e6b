namespace Mlops.Governance;

/// <summary>Separation of duties in one place: which approvals count.</summary>
internal static class PromotionApprovals
{
    /// <summary>The distinct approvers other than the <paramref name="authors"/>: an author's approval never counts, and each approver counts once.</summary>
    public static int Count(IEnumerable<string> approvers, IReadOnlyCollection<string> authors) =>
        approvers.Where(a => !authors.Contains(a, StringComparer.Ordinal)).Distinct(StringComparer.Ordinal).Count();
}
