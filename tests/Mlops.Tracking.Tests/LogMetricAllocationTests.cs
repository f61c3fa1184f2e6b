using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Mlops.Storage;

namespace Mlops.Tracking.Tests;

public sealed class LogMetricAllocationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task LogMetric_allocates_nothing_on_the_callers_thread()
    {
        await using var h = new TrackingHarness(o => o.MetricQueueCapacity = 200_000);
        GatedTrackingStore? gate = null;
        var services = h.Open(m => m.Services.Replace(ServiceDescriptor.Singleton(sp =>
        {
            var (store, control) = GatedTrackingStore.Wrap(sp.GetRequiredService<IMlopsStore>());
            gate = control;
            return store;
        })));
        var tracker = services.GetRequiredService<IExperimentTracker>();
        await using var run = await tracker.StartRunAsync("alloc", cancellationToken: Ct);
        const string Key = "loss";

        // Warm up with the writer held at the gate, so the queue's buffer grows to hold more points than the measured
        // loop can ever have waiting (however fast or slow the writer drains on a loaded machine) and the JIT is done.
        run.LogMetric(Key, 0, 0);
        await gate!.Entered.Task.WaitAsync(Ct);
        for (var i = 1; i < 150_000; i++)
        {
            run.LogMetric(Key, i, i);
        }

        gate.Gate.SetResult();
        await run.FlushAsync(Ct);

        var allocated = OnThisThread(() =>
        {
            for (var i = 0; i < 100_000; i++)
            {
                run.LogMetric(Key, i, i);
            }
        });

        allocated.Should().Be(0, "LogMetric must not allocate on the caller's thread");
        await run.FlushAsync(Ct);
        (await tracker.GetMetricHistoryAsync(run.RunId, Key, Ct)).Should().HaveCount(250_000);
    }

    private static long OnThisThread(Action action)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
