namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Configures governance: promotion policies, approvals, permissions, inference records and oversight. Obtained in
/// <see cref="GovernanceMlopsBuilderExtensions.AddGovernance(MlopsBuilder, Action{GovernanceBuilder})"/>; each area adds
/// its <c>AddX</c>/<c>WithX</c> methods as extensions in its own namespace folder.
/// </summary>
public sealed class GovernanceBuilder
{
    internal GovernanceBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection being configured.</summary>
    public IServiceCollection Services { get; }
}
