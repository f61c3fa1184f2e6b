using System.Reflection;
using Mlops.Storage;

namespace Mlops.Tracking.Tests;

/// <summary>
/// Wraps the real store; the first AppendMetricsAsync fails once in the chosen way: before anything is written (a
/// transient error), or after the inner store committed (the connection lost during COMMIT: outcome unknown).
/// </summary>
public class FaultingTrackingStore : DispatchProxy
{
    private ITrackingStore _inner = null!;
    private bool _afterCommit;
    private int _faults = 1;

    public int AppendCalls { get; private set; }

    public static ITrackingStore Wrap(ITrackingStore inner, bool afterCommit, out FaultingTrackingStore control)
    {
        var proxy = Create<ITrackingStore, FaultingTrackingStore>();
        control = (FaultingTrackingStore)(object)proxy;
        control._inner = inner;
        control._afterCommit = afterCommit;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.Name == nameof(ITrackingStore.AppendMetricsAsync))
        {
            return AppendAsync(targetMethod, args);
        }

        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }

    private async Task AppendAsync(MethodInfo method, object?[]? args)
    {
        AppendCalls++;
        var fault = Interlocked.Exchange(ref _faults, 0) == 1;
        if (fault && !_afterCommit)
        {
            throw new MlopsStorageException("simulated: the connection was refused; nothing was written.");
        }

        await (Task)method.Invoke(_inner, args)!;
        if (fault)
        {
            throw new MlopsStorageException("simulated: the connection was lost while committing; the change may or may not have been applied.",
                null, outcomeUnknown: true);
        }
    }
}
