using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Mlops;
using Mlops.Governance;
using Mlops.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Turns on permissions (MLflow's Read &lt; Edit &lt; Manage on experiments and registered models).</summary>
public static class PermissionGovernanceBuilderExtensions
{
    /// <summary>Enables permissions with the default options: everyone reads, creators manage, nobody else writes until granted.</summary>
    public static GovernanceBuilder EnablePermissions(this GovernanceBuilder builder) => builder.EnablePermissions(_ => { });

    /// <summary>
    /// Enables permissions: replaces the allow-all <see cref="IAccessGuard"/> with one that enforces grants in tracking and
    /// the registry (every denial is journaled as <c>permission.denied</c> and thrown as
    /// <see cref="MlopsPermissionDeniedException"/>), and registers <see cref="IPermissionService"/>. Tracking demands
    /// Read to read experiments and runs and Edit to start or resume runs (checked once per run scope, not per logged
    /// value); the registry demands Read to read and load, Edit to register versions and change descriptions and tags,
    /// Manage to move aliases, archive, restore, delete and rename. Lists and searches leave out what the actor cannot read.
    /// Without this call everything is allowed.
    /// </summary>
    public static GovernanceBuilder EnablePermissions(this GovernanceBuilder builder, Action<PermissionOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.AddOptionsWithValidateOnStart<PermissionOptions>()
            .Configure(configure)
            .Validate(o => o.Administrators.All(p => !string.IsNullOrWhiteSpace(p)), "PermissionOptions.Administrators must not contain empty principals.");
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PermissionOptions>, PermissionOptionsValidator>());
        services.TryAddSingleton(sp => new PermissionGuard(
            sp.GetRequiredService<IGovernanceStore>(),
            sp.GetRequiredService<IJournalStore>(),
            sp.GetService<ITrackingStore>(),
            sp.GetService<IRegistryStore>(),
            sp.GetRequiredService<IActorAccessor>(),
            sp.GetRequiredService<IRoleProvider>(),
            sp.GetRequiredService<IOptions<PermissionOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            (ILogger<PermissionGuard>?)sp.GetService<ILogger<PermissionGuard>>() ?? NullLogger<PermissionGuard>.Instance));
        services.Replace(ServiceDescriptor.Singleton<IAccessGuard>(sp => sp.GetRequiredService<PermissionGuard>()));
        services.TryAddSingleton<IPermissionService>(sp => new PermissionService(
            sp.GetRequiredService<PermissionGuard>(),
            sp.GetRequiredService<IGovernanceStore>(),
            sp.GetRequiredService<IActorAccessor>(),
            sp.GetRequiredService<TimeProvider>(),
            (ILogger<PermissionService>?)sp.GetService<ILogger<PermissionService>>() ?? NullLogger<PermissionService>.Instance));
        return builder;
    }
}
