using Microsoft.Extensions.DependencyInjection.Extensions;
using Mlops.Governance;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Declares roles for policies and permissions.</summary>
public static class RoleGovernanceBuilderExtensions
{
    /// <summary>Adds <paramref name="actors"/> to <paramref name="role"/> (used as <c>role:NAME</c> in policies and permissions).</summary>
    public static GovernanceBuilder AddRole(this GovernanceBuilder builder, string role, params string[] actors)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(role);
        ArgumentNullException.ThrowIfNull(actors);
        builder.Services.Configure<RoleOptions>(o =>
        {
            if (!o.Members.TryGetValue(role, out var members))
            {
                members = new HashSet<string>(StringComparer.Ordinal);
                o.Members[role] = members;
            }

            foreach (var actor in actors)
            {
                ArgumentException.ThrowIfNullOrWhiteSpace(actor);
                members.Add(actor);
            }
        });
        return builder;
    }

    /// <summary>Replaces the role provider, for apps that know roles from their own identity system.</summary>
    public static GovernanceBuilder UseRoleProvider<TProvider>(this GovernanceBuilder builder)
        where TProvider : class, IRoleProvider
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<IRoleProvider, TProvider>());
        return builder;
    }
}
