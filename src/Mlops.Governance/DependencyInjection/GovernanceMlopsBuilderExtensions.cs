using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds governance to Mlops.</summary>
public static class GovernanceMlopsBuilderExtensions
{
    /// <summary>Adds governance with its always-on services (audit, model cards, approvals, oversight) and no policies.</summary>
    public static MlopsBuilder AddGovernance(this MlopsBuilder builder) => builder.AddGovernance(_ => { });

    /// <summary>
    /// Adds governance: the audit log, model cards, the approval workflow and human oversight are always registered;
    /// <paramref name="configure"/> adds promotion policies, enables permissions or inference records. Needs
    /// <c>AddRegistry()</c> and a store.
    /// </summary>
    public static MlopsBuilder AddGovernance(this MlopsBuilder builder, Action<GovernanceBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var governance = new GovernanceBuilder(builder.Services);
        builder.Services.AddOptions<Mlops.Governance.RoleOptions>();
        builder.Services.TryAddSingleton<Mlops.Governance.IRoleProvider, Mlops.Governance.ConfiguredRoleProvider>();
        GovernanceAreas.AddAll(governance);

        configure(governance);
        return builder;
    }
}
