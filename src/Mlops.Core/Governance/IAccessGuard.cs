namespace Mlops.Governance;

/// <summary>
/// Decides whether the current actor may act on a resource. Tracking and the registry ask it at the door of every
/// operation; the default allows everything, and Governance replaces it when permissions are enabled.
/// </summary>
public interface IAccessGuard
{
    /// <summary>Returns when the current actor holds at least <paramref name="level"/> on the resource; else throws <see cref="MlopsPermissionDeniedException"/>.</summary>
    ValueTask DemandAsync(ResourceKind kind, string resourceName, PermissionLevel level, CancellationToken cancellationToken = default);
}
