using System.Runtime.CompilerServices;

namespace Mlops.Governance;

/// <summary>
/// Decides whether the current actor may act on a resource. Tracking and the registry ask it at the door of every
/// operation; the default allows everything, and Governance replaces it when permissions are enabled.
/// </summary>
public interface IAccessGuard
{
    /// <summary>Whether demands can fail; <see langword="false"/> lets callers skip the lookups a demand needs (such as a run's experiment).</summary>
    bool IsEnforced { get; }

    /// <summary>
    /// Returns when the current actor holds at least <paramref name="level"/> on the resource; else journals the denial
    /// (naming <paramref name="operation"/>) and throws <see cref="MlopsPermissionDeniedException"/>.
    /// </summary>
    ValueTask DemandAsync(ResourceKind kind, string resourceName, PermissionLevel level, CancellationToken cancellationToken = default, [CallerMemberName] string operation = "");

    /// <summary>Whether the current actor holds at least <paramref name="level"/>; never journals (for filtering lists).</summary>
    ValueTask<bool> HoldsAsync(ResourceKind kind, string resourceName, PermissionLevel level, CancellationToken cancellationToken = default);
}
