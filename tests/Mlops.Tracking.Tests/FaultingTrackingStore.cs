using System.Reflection;
using Mlops.Storage;

namespace Mlops.Tracking.Tests;

/// <summary>
/// Wraps the real store; the first AppendMetricsAsync fails once in the chosen way: before anything is written (a
/// transient error), or after the inner store committed (the connection lost during COMMIT: outcome unknown).
/// </summary>
public class FaultingTrackingStore : TrackingStoreInterceptor
{
    private bool _afterCommit;
    private int _faults = 1;

    public int AppendCalls { get; private set; }

    public static ITrackingStore Wrap(ITrackingStore inner, bool afterCommit, out FaultingTrackingStore control)
    {
        var proxy = Wrap(inner, out control);
        control._afterCommit = afterCommit;
        return proxy;
    }

    protected override async Task AppendMetricsAsync(MethodInfo method, object?[]? args)
    {
        AppendCalls++;
        var fault = Interlocked.Exchange(ref _faults, 0) == 1;
        if (fault && !_afterCommit)
        {
            throw new MlopsStorageException("simulated: the connection was refused; nothing was written.");
        }

        await (Task)method.Invoke(Inner, args)!;
        if (fault)
        {
            throw new MlopsStorageException("simulated: the connection was lost while committing; the change may or may not have been applied.",
                null, outcomeUnknown: true);
        }
    }
}
