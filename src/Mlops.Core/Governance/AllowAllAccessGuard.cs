namespace Mlops.Governance;

/// <summary>The default guard: permissions are off until Governance enables them.</summary>
internal sealed class AllowAllAccessGuard : IAccessGuard
{
    public static AllowAllAccessGuard Instance { get; } = new();

    public bool IsEnforced => false;

    public ValueTask DemandAsync(ResourceKind kind, string resourceName, PermissionLevel level, CancellationToken cancellationToken = default, string operation = "") =>
        ValueTask.CompletedTask;

    public ValueTask<bool> HoldsAsync(ResourceKind kind, string resourceName, PermissionLevel level, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(true);
}
