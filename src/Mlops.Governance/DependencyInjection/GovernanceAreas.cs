namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The always-on registrations of each governance area, run by <c>AddGovernance</c> before the user's configuration.
/// Each area implements its partial method in its own file (<c>GovernanceAreas.Audit.cs</c> and so on).
/// </summary>
internal static partial class GovernanceAreas
{
    public static void AddAll(GovernanceBuilder governance)
    {
        AddAudit(governance);
        AddModelCards(governance);
        AddApprovals(governance);
        AddOversight(governance);
    }

    static partial void AddAudit(GovernanceBuilder governance);

    static partial void AddModelCards(GovernanceBuilder governance);

    static partial void AddApprovals(GovernanceBuilder governance);

    static partial void AddOversight(GovernanceBuilder governance);
}
