namespace Mlops.Governance;

/// <summary>A permission held by a principal on one experiment or registered model.</summary>
/// <param name="Principal">Who holds it: an actor (<c>alice</c>), a role (<c>role:ml-leads</c>) or everyone (<c>*</c>).</param>
/// <param name="Kind">The kind of resource.</param>
/// <param name="ResourceName">The experiment or registered model name.</param>
/// <param name="Level">The level granted.</param>
/// <param name="UpdatedAt">When it was granted or last changed.</param>
/// <param name="UpdatedBy">Who granted it.</param>
public sealed record PermissionGrant(string Principal, ResourceKind Kind, string ResourceName, PermissionLevel Level, DateTimeOffset UpdatedAt, string UpdatedBy);
