using System.Reflection;
using Mlops.Storage;

namespace Mlops.Tracking.Tests;

/// <summary>
/// Wraps the real store; the first AppendMetricsAsync fails once in the chosen way: before anything is written (a
/// transient error), or after the inner store committed (the connection lost during COMMIT: outcome unknown). It records
/// the steps of every batch it is handed, in order: how the background writer splits the points into batches depends on
/// timing, so tests assert on what was sent, not on how many calls it took.
/// </summary>
public class FaultingTrackingStore : TrackingStoreInterceptor
{
    private bool _afterCommit;
    private int _faults = 1;

    private readonly List<long[]> _batches = [];

    /// <summary>The steps of each batch handed to AppendMetricsAsync, in call order (the faulted one first).</summary>
    public IReadOnlyList<long[]> Batches
    {
        get
        {
            lock (_batches)
            {
                return [.. _batches];
            }
        }
    }

    public static ITrackingStore Wrap(ITrackingStore inner, bool afterCommit, out FaultingTrackingStore control)
    {
        var proxy = Wrap(inner, out control);
        control._afterCommit = afterCommit;
        return proxy;
    }

    protected override async Task AppendMetricsAsync(MethodInfo method, object?[]? args)
    {
        var points = (ReadOnlyMemory<MetricPoint>)args![0]!;
        lock (_batches)
        {
            _batches.Add([.. points.ToArray().Select(p => p.Step)]);
        }

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
