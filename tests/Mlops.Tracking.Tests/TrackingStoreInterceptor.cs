using System.Reflection;
using Mlops.Storage;

namespace Mlops.Tracking.Tests;

/// <summary>
/// A DispatchProxy over the real tracking store: <see cref="AppendMetricsAsync"/> is what a derived test double changes;
/// every other call passes straight through, with the inner exception rethrown as it is.
/// </summary>
public abstract class TrackingStoreInterceptor : DispatchProxy
{
    protected ITrackingStore Inner { get; private set; } = null!;

    protected static ITrackingStore Wrap<TProxy>(ITrackingStore inner, out TProxy control)
        where TProxy : TrackingStoreInterceptor
    {
        var proxy = Create<ITrackingStore, TProxy>();
        control = (TProxy)(object)proxy;
        control.Inner = inner;
        return proxy;
    }

    protected abstract Task AppendMetricsAsync(MethodInfo method, object?[]? args);

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.Name == nameof(ITrackingStore.AppendMetricsAsync))
        {
            return AppendMetricsAsync(targetMethod, args);
        }

        try
        {
            return targetMethod.Invoke(Inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }
}
