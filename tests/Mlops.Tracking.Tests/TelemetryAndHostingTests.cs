using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mlops.Tracking.Tests;

public sealed class TelemetryAndHostingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_run_is_an_activity_tagged_with_its_run_and_status()
    {
        var stopped = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == MlopsTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { lock (stopped) { stopped.Add(a); } },
        };
        ActivitySource.AddActivityListener(listener);
        await using var h = new TrackingHarness();

        string failedId;
        await using (var run = await h.Tracker.StartRunAsync("otel", cancellationToken: Ct))
        {
            failedId = run.RunId;
            run.MarkFailed(new InvalidOperationException("boom"));
        }

        Activity activity;
        lock (stopped)
        {
            activity = stopped.Single(a => (string?)a.GetTagItem(MlopsTelemetry.Tags.RunId) == failedId);
        }

        activity.OperationName.Should().Be("mlops.run");
        activity.Status.Should().Be(ActivityStatusCode.Error);
        activity.GetTagItem(MlopsTelemetry.Tags.RunStatus).Should().Be("FAILED");
    }

    [Fact]
    public async Task Stopping_the_host_flushes_metrics()
    {
        var root = NewRoot();
        string runId;
        using (var host = BuildHost(root, o => o.CaptureEnvironment = false))
        {
            await host.StartAsync(Ct);
            var tracker = host.Services.GetRequiredService<IExperimentTracker>();
            var run = await tracker.StartRunAsync("host", cancellationToken: Ct);
            runId = run.RunId;
            for (var i = 0; i < 5000; i++)
            {
                run.LogMetric("h", i, i);
            }

            await host.StopAsync(Ct);
        }

        await using var h = new ReopenedStore(root);
        (await h.Tracker.GetMetricHistoryAsync(runId, "h", Ct)).Should().HaveCount(5000);
    }

    [Fact]
    public async Task Invalid_tracking_options_fail_the_host_at_start_naming_the_option()
    {
        using var host = BuildHost(NewRoot(), o => o.MetricQueueCapacity = 10);

        var act = () => host.StartAsync(Ct);

        (await act.Should().ThrowAsync<OptionsValidationException>()).Which.Message.Should().Contain(nameof(TrackingOptions.MetricQueueCapacity));
    }

    private static string NewRoot() => Path.Combine(Path.GetTempPath(), "mlops-tracking-tests", "host-" + Guid.NewGuid().ToString("N"));

    private static IHost BuildHost(string root, Action<TrackingOptions> configure)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddMlops(m => m
            .UseSqlite($"Data Source={Path.Combine(root, "mlops.db")}")
            .UseFileSystemArtifacts(Path.Combine(root, "artifacts"))
            .AddTracking(configure));
        return builder.Build();
    }

    private sealed class ReopenedStore : IAsyncDisposable
    {
        private readonly ServiceProvider _provider;

        private readonly string _root;

        public ReopenedStore(string root)
        {
            _root = root;
            var services = new ServiceCollection();
            services.AddMlops(m => m
                .UseSqlite($"Data Source={Path.Combine(root, "mlops.db")}")
                .UseFileSystemArtifacts(Path.Combine(root, "artifacts"))
                .AddTracking());
            _provider = services.BuildServiceProvider();
            Tracker = _provider.GetRequiredService<IExperimentTracker>();
        }

        public IExperimentTracker Tracker { get; }

        public async ValueTask DisposeAsync()
        {
            await _provider.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_root, recursive: true);
        }
    }
}
