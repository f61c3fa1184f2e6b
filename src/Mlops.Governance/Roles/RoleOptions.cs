namespace Mlops.Governance;

/// <summary>Role memberships for the default <see cref="IRoleProvider"/>.</summary>
public sealed class RoleOptions
{
    /// <summary>Actors per role name.</summary>
    public IDictionary<string, ISet<string>> Members { get; } = new Dictionary<string, ISet<string>>(StringComparer.Ordinal);
}
