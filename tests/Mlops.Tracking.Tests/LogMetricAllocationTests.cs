namespace Mlops.Tracking.Tests;

public sealed class LogMetricAllocationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task LogMetric_allocates_nothing_on_the_callers_thread()
    {
        await using var h = new TrackingHarness(o => o.MetricQueueCapacity = 200_000);
        await using var run = await h.Tracker.StartRunAsync("alloc", cancellationToken: Ct);
        const string Key = "loss";
        for (var i = 0; i < 100_000; i++)
        {
            run.LogMetric(Key, i, i); // warm up: JIT, channel buffer growth
        }

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
        (await h.Tracker.GetMetricHistoryAsync(run.RunId, Key, Ct)).Should().HaveCount(200_000);
    }

    private static long OnThisThread(Action action)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
