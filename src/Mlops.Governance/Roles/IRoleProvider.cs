namespace Mlops.Governance;

/// <summary>
/// Which roles an actor has, for policies and permissions that name a role (<c>role:NAME</c>) instead of an actor. The
/// default reads the roles declared with <c>AddRole</c>; an app with its own identity system (claims, groups) registers
/// its own implementation.
/// </summary>
public interface IRoleProvider
{
    /// <summary>The roles of <paramref name="actor"/> (empty when none).</summary>
    IReadOnlyCollection<string> GetRoles(string actor);
}
