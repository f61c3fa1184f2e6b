using System.Reflection;
using Mlops.Storage;

namespace Mlops.Tracking.Tests;

/// <summary>
/// Wraps the real store; while the gate is closed, AppendMetricsAsync waits on it (and signals that it entered), so
/// tests can hold the background writer still and fill the queue deterministically.
/// </summary>
public class GatedTrackingStore : TrackingStoreInterceptor
{
    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static (ITrackingStore Store, GatedTrackingStore Control) Wrap(ITrackingStore inner)
    {
        var proxy = Wrap(inner, out GatedTrackingStore control);
        return (proxy, control);
    }

    protected override async Task AppendMetricsAsync(MethodInfo method, object?[]? args)
    {
        Entered.TrySetResult();
        await Gate.Task;
        await (Task)method.Invoke(Inner, args)!;
    }
}
