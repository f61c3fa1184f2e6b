namespace Mlops.Governance;

/// <summary>
/// Grants, revokes and explains permissions on experiments and registered models (MLflow's Read &lt; Edit &lt; Manage).
/// Registered by <c>EnablePermissions</c>. Grants are kept in the store and journaled, so every app on the same store
/// sees them.
/// </summary>
public interface IPermissionService
{
    /// <summary>
    /// Grants <paramref name="level"/> to <paramref name="principal"/> on a resource, replacing an earlier grant of that
    /// principal on it; journaled as <c>permission.granted</c>. The current actor needs <see cref="PermissionLevel.Manage"/>
    /// on the resource (administrators and, by default, its creator have it); else <see cref="MlopsPermissionDeniedException"/>.
    /// The resource need not exist yet: a grant of Edit on a name lets the principal create it.
    /// </summary>
    /// <exception cref="MlopsValidationException">The principal, name or level is not valid (grant Read, Edit or Manage; revoke to remove).</exception>
    Task<PermissionGrant> GrantAsync(string principal, ResourceKind kind, string resourceName, PermissionLevel level, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes the grant of <paramref name="principal"/> on a resource; journaled as <c>permission.revoked</c>. Needs
    /// <see cref="PermissionLevel.Manage"/> like <see cref="GrantAsync"/>. Returns <see langword="false"/> when there was no such grant.
    /// </summary>
    Task<bool> RevokeAsync(string principal, ResourceKind kind, string resourceName, CancellationToken cancellationToken = default);

    /// <summary>The grants, optionally of one kind and one resource, on resources the current actor can read, by kind, resource and principal.</summary>
    Task<IReadOnlyList<PermissionGrant>> ListAsync(ResourceKind? kind = null, string? resourceName = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// The level <paramref name="actor"/> holds on a resource: the highest of the default level, the grants matching the
    /// actor or its roles, administrator rights and creator rights.
    /// </summary>
    Task<PermissionLevel> GetEffectiveLevelAsync(string actor, ResourceKind kind, string resourceName, CancellationToken cancellationToken = default);
}
