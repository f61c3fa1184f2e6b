using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Mlops.Storage;

namespace Mlops.Tracking.Tests;

public sealed class MetricsTests : IAsyncLifetime
{
    private readonly TrackingHarness _h = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _h.DisposeAsync();

    [Fact]
    public async Task NaN_and_infinities_round_trip()
    {
        await using var run = await _h.Tracker.StartRunAsync("m", cancellationToken: Ct);
        run.LogMetric("odd", double.NaN, 0);
        run.LogMetric("odd", double.PositiveInfinity, 1);
        run.LogMetric("odd", double.NegativeInfinity, 2);
        run.LogMetric("odd", -0.5, 3);
        await run.FlushAsync(Ct);

        var history = await _h.Tracker.GetMetricHistoryAsync(run.RunId, "odd", Ct);
        history.Select(m => m.Value).Should().SatisfyRespectively(
            v => double.IsNaN(v).Should().BeTrue(),
            v => v.Should().Be(double.PositiveInfinity),
            v => v.Should().Be(double.NegativeInfinity),
            v => v.Should().Be(-0.5));
    }

    [Fact]
    public async Task History_is_ordered_by_step_and_the_latest_value_is_the_highest_step()
    {
        await using var run = await _h.Tracker.StartRunAsync("m", cancellationToken: Ct);
        var t0 = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);
        run.LogMetric("loss", 0.3, 3, t0);
        run.LogMetric("loss", 0.9, 1, t0.AddSeconds(1));
        run.LogMetric("loss", 0.5, 2, t0.AddSeconds(2));
        await run.FlushAsync(Ct);

        var history = await _h.Tracker.GetMetricHistoryAsync(run.RunId, "loss", Ct);
        history.Select(m => m.Step).Should().Equal(1, 2, 3);
        history[0].Timestamp.Should().Be(t0.AddSeconds(1));
        var stored = await _h.Tracker.GetRunAsync(run.RunId, Ct);
        stored.LatestMetrics["loss"].Value.Should().Be(0.3);
    }

    [Theory]
    [InlineData("")]
    [InlineData("bad:key")]
    [InlineData("../escape")]
    public async Task LogMetric_with_an_invalid_key_throws_at_once(string key)
    {
        await using var run = await _h.Tracker.StartRunAsync("m", cancellationToken: Ct);

        var act = () => run.LogMetric(key, 1);

        act.Should().Throw<MlopsValidationException>().Which.Field.Should().Be("metric key");
    }

    [Fact]
    public async Task FlushAsync_makes_points_visible_to_another_store_instance()
    {
        await using var run = await _h.Tracker.StartRunAsync("m", cancellationToken: Ct);
        for (var i = 0; i < 10_000; i++)
        {
            run.LogMetric("x", i, i);
        }

        await _h.Tracker.FlushAsync(Ct);

        var other = _h.Open().GetRequiredService<IExperimentTracker>();
        var history = await other.GetMetricHistoryAsync(run.RunId, "x", Ct);
        history.Should().HaveCount(10_000);
        history.Select(m => m.Step).Should().BeInAscendingOrder();
    }

    [Fact]
    public async Task Disposing_the_run_flushes_its_metrics()
    {
        string runId;
        await using (var run = await _h.Tracker.StartRunAsync("m", cancellationToken: Ct))
        {
            runId = run.RunId;
            for (var i = 0; i < 1000; i++)
            {
                run.LogMetric("y", i, i);
            }
        }

        var other = _h.Open().GetRequiredService<IExperimentTracker>();
        (await other.GetMetricHistoryAsync(runId, "y", Ct)).Should().HaveCount(1000);
    }

    [Fact]
    public async Task Points_logged_from_many_threads_are_all_stored()
    {
        await using var run = await _h.Tracker.StartRunAsync("m", cancellationToken: Ct);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 5000; i++)
            {
                run.LogMetric("t" + t, i, i);
            }
        }, Ct)));
        await run.FlushAsync(Ct);

        for (var t = 0; t < 8; t++)
        {
            (await _h.Tracker.GetMetricHistoryAsync(run.RunId, "t" + t, Ct)).Should().HaveCount(5000);
        }
    }

    /// <summary>Opens the harness's store with the background writer's store calls passing through a closed gate.</summary>
    private static (IExperimentTracker Tracker, Metrics.MetricPipeline Pipeline, GatedTrackingStore Control) OpenGated(TrackingHarness h)
    {
        GatedTrackingStore? control = null;
        var services = h.Open(m => m.Services.Replace(ServiceDescriptor.Singleton(sp =>
        {
            var (store, gate) = GatedTrackingStore.Wrap(sp.GetRequiredService<IMlopsStore>());
            control = gate;
            return store;
        })));
        var tracker = services.GetRequiredService<IExperimentTracker>();
        return (tracker, services.GetRequiredService<Metrics.MetricPipeline>(), control!);
    }

    [Fact]
    public async Task A_batch_that_failed_before_it_was_written_is_sent_again_and_stored_once()
    {
        var (tracker, run, control) = await LogTenPointsThroughAFaultAsync(afterCommit: false);
        await using var _ = run;

        await run.FlushAsync(Ct);

        var batches = control.Batches;
        batches.Should().HaveCountGreaterThanOrEqualTo(2, "the failed batch is sent again");
        var failed = batches[0];
        batches.Skip(1).SelectMany(b => b).Should().OnlyHaveUniqueItems("no point is sent twice after the one failed attempt")
            .And.Contain(failed, "every point of the batch that failed before it was written is sent again")
            .And.BeEquivalentTo(Enumerable.Range(0, 10).Select(i => (long)i));
        (await tracker.GetMetricHistoryAsync(run.RunId, "loss", Ct)).Select(m => m.Step).Should().Equal(Enumerable.Range(0, 10).Select(i => (long)i));
    }

    [Fact]
    public async Task A_batch_whose_commit_outcome_is_unknown_is_not_sent_again_and_the_flush_says_so()
    {
        var (tracker, run, control) = await LogTenPointsThroughAFaultAsync(afterCommit: true);
        await using var _ = run;

        var flush = () => run.FlushAsync(Ct);

        var thrown = await flush.Should().ThrowAsync<MlopsStorageException>();
        thrown.Which.OutcomeUnknown.Should().BeTrue();
        thrown.WithMessage("*may or may not have been stored*none is stored twice*");
        var batches = control.Batches;
        batches.SelectMany(b => b).Should().OnlyHaveUniqueItems("the batch whose commit outcome is unknown is not sent again")
            .And.BeEquivalentTo(Enumerable.Range(0, 10).Select(i => (long)i));
        (await tracker.GetMetricHistoryAsync(run.RunId, "loss", Ct)).Should().HaveCount(10, "the batch was committed once and not sent again");
        run.LogMetric("loss", 10, 10);
        await run.FlushAsync(Ct);
        (await tracker.GetMetricHistoryAsync(run.RunId, "loss", Ct)).Should().HaveCount(11);
    }

    /// <summary>A tracker whose store fails the first metric batch once (before or after committing it), with 10 points logged.</summary>
    private async Task<(IExperimentTracker Tracker, RunScope Run, FaultingTrackingStore Control)> LogTenPointsThroughAFaultAsync(bool afterCommit)
    {
        FaultingTrackingStore? control = null;
        var services = _h.Open(m => m.Services.Replace(ServiceDescriptor.Singleton(sp =>
            FaultingTrackingStore.Wrap(sp.GetRequiredService<IMlopsStore>(), afterCommit, out control))));
        var tracker = services.GetRequiredService<IExperimentTracker>();
        var run = await tracker.StartRunAsync("m", cancellationToken: Ct);
        for (var i = 0; i < 10; i++)
        {
            run.LogMetric("loss", i, i);
        }

        return (tracker, run, control!);
    }

    [Fact]
    public async Task Drop_backpressure_drops_and_counts_exactly_what_does_not_fit()
    {
        await using var h = new TrackingHarness(o => { o.Backpressure = MetricBackpressure.Drop; o.MetricQueueCapacity = 1024; o.MetricBatchSize = 1; });
        var (tracker, pipeline, control) = OpenGated(h);
        await using var run = await tracker.StartRunAsync("m", cancellationToken: Ct);

        run.LogMetric("d", 0, 0);
        await control.Entered.Task.WaitAsync(Ct); // the writer holds point 0 and waits at the gate; the queue is empty
        for (var i = 1; i <= 1024 + 10; i++)
        {
            run.LogMetric("d", i, i);
        }

        pipeline.Dropped.Should().Be(10);
        control.Gate.SetResult();
        await run.FlushAsync(Ct);
        (await tracker.GetMetricHistoryAsync(run.RunId, "d", Ct)).Should().HaveCount(1025);
    }

    [Fact]
    public async Task Wait_backpressure_loses_nothing_when_the_queue_fills()
    {
        await using var h = new TrackingHarness(o => { o.MetricQueueCapacity = 1024; o.MetricBatchSize = 1; });
        var (tracker, pipeline, control) = OpenGated(h);
        await using var run = await tracker.StartRunAsync("m", cancellationToken: Ct);
        run.LogMetric("w", 0, 0);
        await control.Entered.Task.WaitAsync(Ct);

        var producer = Task.Run(() =>
        {
            for (var i = 1; i <= 3000; i++)
            {
                run.LogMetric("w", i, i);
            }
        }, Ct);
        control.Gate.SetResult();
        await producer.WaitAsync(Ct);
        await run.FlushAsync(Ct);

        pipeline.Dropped.Should().Be(0);
        (await tracker.GetMetricHistoryAsync(run.RunId, "w", Ct)).Should().HaveCount(3001);
    }

    [Fact]
    public async Task Metric_counters_report_logged_and_flushed_points()
    {
        await using var h = new TrackingHarness();
        var meter = h.Services.GetRequiredService<MlopsInstrumentation>().Meter;
        var measurements = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, meter) && instrument.Name.StartsWith("mlops.tracking.", StringComparison.Ordinal))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            lock (measurements)
            {
                measurements[instrument.Name] = value;
            }
        });
        listener.Start();

        meter.Name.Should().Be(MlopsTelemetry.Name);
        await using var run = await h.Tracker.StartRunAsync("m", cancellationToken: Ct);
        for (var i = 0; i < 250; i++)
        {
            run.LogMetric("c", i, i);
        }

        await run.FlushAsync(Ct);
        listener.RecordObservableInstruments();

        measurements["mlops.tracking.metric.points.logged"].Should().Be(250);
        measurements["mlops.tracking.metric.points.flushed"].Should().Be(250);
        measurements["mlops.tracking.metric.points.dropped"].Should().Be(0);
    }
}
