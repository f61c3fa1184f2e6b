namespace Mlops.Governance;

/// <summary>The default guard: permissions are off until Governance enables them.</summary>
internal sealed class AllowAllAccessGuard : IAccessGuard
{
    public static AllowAllAccessGuard Instance { get; } = new();

    public ValueTask DemandAsync(ResourceKind kind, string resourceName, PermissionLevel level, CancellationToken cancellationToken = default) =>
        ValueTask.CompletedTask;
}
