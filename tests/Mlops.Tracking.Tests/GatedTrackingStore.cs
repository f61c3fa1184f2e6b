using System.Reflection;
using Mlops.Storage;

namespace Mlops.Tracking.Tests;

/// <summary>
/// Wraps the real store; while the gate is closed, AppendMetricsAsync waits on it (and signals that it entered), so
/// tests can hold the background writer still and fill the queue deterministically.
/// </summary>
public class GatedTrackingStore : DispatchProxy
{
    private ITrackingStore _inner = null!;

    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static (ITrackingStore Store, GatedTrackingStore Control) Wrap(ITrackingStore inner)
    {
        var proxy = Create<ITrackingStore, GatedTrackingStore>();
        var control = (GatedTrackingStore)(object)proxy;
        control._inner = inner;
        return (proxy, control);
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
        Entered.TrySetResult();
        await Gate.Task;
        await (Task)method.Invoke(_inner, args)!;
    }
}
