using Microsoft.Extensions.Options;

namespace Mlops.Governance;

/// <summary>Roles declared in <see cref="RoleOptions"/> (by <c>AddRole</c> or configuration).</summary>
internal sealed class ConfiguredRoleProvider(IOptions<RoleOptions> options) : IRoleProvider
{
    public IReadOnlyCollection<string> GetRoles(string actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return options.Value.Members
            .Where(role => role.Value.Contains(actor, StringComparer.Ordinal))
            .Select(role => role.Key)
            .ToList();
    }
}
