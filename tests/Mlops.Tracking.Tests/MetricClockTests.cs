using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Mlops.Tracking.Tests;

public sealed class MetricClockTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Metric_timestamps_follow_the_registered_time_provider()
    {
        var fake = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_750_000_000_123));
        await using var h = new TrackingHarness();
        var services = h.Open(m => m.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(fake)));
        var tracker = services.GetRequiredService<IExperimentTracker>();
        await using var run = await tracker.StartRunAsync("clock", cancellationToken: Ct);

        run.LogMetric("t", 1, 0);
        fake.Advance(TimeSpan.FromSeconds(90));
        run.LogMetric("t", 2, 1);
        await run.FlushAsync(Ct);

        var history = await tracker.GetMetricHistoryAsync(run.RunId, "t", Ct);
        history.Select(m => m.Timestamp.ToUnixTimeMilliseconds()).Should().Equal(1_750_000_000_123, 1_750_000_090_123);
    }

    [Fact]
    public async Task With_the_system_clock_timestamps_are_wall_clock_time()
    {
        await using var h = new TrackingHarness();
        await using var run = await h.Tracker.StartRunAsync("clock", cancellationToken: Ct);

        var before = DateTimeOffset.UtcNow;
        run.LogMetric("t", 1);
        var after = DateTimeOffset.UtcNow;
        await run.FlushAsync(Ct);

        // The fast clock is a coarse monotonic tick re-based on the wall clock each second: allow its granularity.
        var stamp = (await h.Tracker.GetMetricHistoryAsync(run.RunId, "t", Ct)).Single().Timestamp;
        stamp.Should().BeOnOrAfter(before.AddMilliseconds(-50)).And.BeOnOrBefore(after.AddMilliseconds(50));
    }
}
