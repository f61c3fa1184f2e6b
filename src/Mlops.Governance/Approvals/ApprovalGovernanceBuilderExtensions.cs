using Mlops.Governance;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Configures the promotion approval workflow (<see cref="IPromotionWorkflow"/>, always registered by <c>AddGovernance</c>).</summary>
public static class ApprovalGovernanceBuilderExtensions
{
    /// <summary>Configures the approval workflow, such as <see cref="ApprovalOptions.RequestLifetime"/>; validated at start.</summary>
    public static GovernanceBuilder ConfigureApprovals(this GovernanceBuilder builder, Action<ApprovalOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.Configure(configure);
        return builder;
    }
}
