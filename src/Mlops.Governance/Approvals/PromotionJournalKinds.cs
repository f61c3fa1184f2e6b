namespace Mlops.Governance;

/// <summary>Journal kinds of the approval workflow that <see cref="Journal.JournalKinds"/> does not (yet) name.</summary>
internal static class PromotionJournalKinds
{
    /// <summary>An approval was refused (the version's author tried to approve its own promotion).</summary>
    public const string ApprovalDenied = "promotion.approval.denied";
}
