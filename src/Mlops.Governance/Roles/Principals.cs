namespace Mlops.Governance;

/// <summary>
/// Principals name who a rule applies to: an actor (<c>alice</c>) or a role (<c>role:ml-leads</c>); <c>*</c> is everyone.
/// </summary>
public static class Principals
{
    /// <summary>The prefix of role principals.</summary>
    public const string RolePrefix = "role:";

    /// <summary>The principal that matches every actor.</summary>
    public const string Everyone = "*";

    /// <summary>The principal naming a role.</summary>
    public static string Role(string role)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(role);
        return RolePrefix + role;
    }

    /// <summary>Whether <paramref name="principal"/> names <paramref name="actor"/>, one of its roles, or everyone.</summary>
    public static bool Matches(string principal, string actor, IReadOnlyCollection<string> roles)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(roles);
        if (principal == Everyone || string.Equals(principal, actor, StringComparison.Ordinal))
        {
            return true;
        }

        return principal.StartsWith(RolePrefix, StringComparison.Ordinal) && roles.Contains(principal[RolePrefix.Length..], StringComparer.Ordinal);
    }
}
