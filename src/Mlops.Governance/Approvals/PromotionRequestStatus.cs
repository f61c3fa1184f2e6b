namespace Mlops.Governance;

/// <summary>Where a promotion request stands (SageMaker's approval statuses, plus expiry).</summary>
public enum PromotionRequestStatus
{
    /// <summary>Waiting for approvals.</summary>
    Pending = 0,

    /// <summary>Enough approvals: the promotion executes (see <see cref="PromotionRequest.Execution"/>).</summary>
    Approved = 1,

    /// <summary>An approver rejected it.</summary>
    Rejected = 2,

    /// <summary>Nobody answered within <see cref="ApprovalOptions.RequestLifetime"/>.</summary>
    Expired = 3,
}
