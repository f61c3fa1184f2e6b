using Microsoft.Extensions.DependencyInjection;
using Mlops.Journal;
using Mlops.Serving.Tests.Telemetry;

namespace Mlops.Serving.Tests.Drift;

/// <summary>
/// Detection and clearing, read through the journal, health and the <c>mlops.serving.drift.score</c> gauge. In the
/// telemetry collection: OpenTelemetry merges same-named instruments of every <c>Mlops</c> meter in the process, and another
/// test disposing its app would end this test's metric streams (see <see cref="TelemetryCollection"/>).
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class DriftDetectionTests(TrainedModels models)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_shifted_window_is_detected_journaled_and_exported_then_in_distribution_rows_clear_it()
    {
        const string name = "drift-shift";
        await using var harness = new ServingHarness(models);
        var capture = new TelemetryCapture(name);
        var (app, server, predictor) = await DriftScenario.ServeAsync(
            harness,
            name,
            d =>
            {
                d.WindowSize = DriftScenario.Window;
                d.MinimumRows = 100;
            },
            services => capture.Register(services, tracing: false));
        capture.Start(app, tracing: false);
        capture.Points(DriftScenario.DriftScore).Should().BeEmpty("nothing was evaluated yet");

        // Only Gentoo penguins: a genuine covariate shift.
        DriftScenario.Feed(predictor, DriftScenario.Gentoo(models));
        await server.EvaluateDriftAsync(Ct);

        var status = server.GetStatus(name);
        var drift = status.Drift!;
        drift.OverThreshold.Should().BeTrue(DriftScenario.Describe(drift));
        drift.Report.DatasetDrift.Should().BeTrue();
        drift.Report.Columns.Single(c => c.Column == nameof(Penguin.BodyMass)).Drifted.Should().BeTrue(DriftScenario.Describe(drift));
        drift.Report.Columns.Single(c => c.Column == nameof(Penguin.FlipperLength)).Drifted.Should().BeTrue(DriftScenario.Describe(drift));
        status.Health.Should().Be(ServingHealth.Degraded);
        status.LastError.Should().BeNull("drift is not a failed swap");

        var detected = (await harness.JournalAsync()).Where(e => e.Kind == JournalKinds.ServingDriftDetected).Should().ContainSingle().Subject;
        detected.Subject.Should().Be($"model/{name}/1");
        detected.Payload.Should().Contain($"\"name\":\"{name}\"").And.Contain("\"version\":1").And.Contain("\"windowRows\":123")
            .And.Contain(nameof(Penguin.BodyMass));

        DriftScenario.ExpectGauge(capture, drift);

        // Evaluating the same drifted window again journals nothing new: entries mark crossings only.
        await server.EvaluateDriftAsync(Ct);
        (await harness.JournalAsync()).Count(e => e.Kind == JournalKinds.ServingDriftDetected).Should().Be(1);

        // In-distribution rows refill the whole window.
        DriftScenario.Feed(predictor, DriftScenario.InDistribution(models, DriftScenario.Window, seed: 2));
        await server.EvaluateDriftAsync(Ct);

        status = server.GetStatus(name);
        status.Drift!.OverThreshold.Should().BeFalse(DriftScenario.Describe(status.Drift));
        status.Drift.EvaluatedAt.Should().BeOnOrAfter(drift.EvaluatedAt);
        status.Health.Should().Be(ServingHealth.Healthy);
        var journal = await harness.JournalAsync();
        var cleared = journal.Where(e => e.Kind == JournalKinds.ServingDriftCleared).Should().ContainSingle().Subject;
        cleared.Subject.Should().Be($"model/{name}/1");
        cleared.Sequence.Should().BeGreaterThan(detected.Sequence);
        DriftScenario.ExpectGauge(capture, status.Drift);
    }

    [Fact]
    public async Task The_drift_score_gauge_reports_the_live_version_only_and_disappears_when_the_alias_moves_on()
    {
        const string name = "drift-gauge-move";
        await using var harness = new ServingHarness(models);
        var capture = new TelemetryCapture(name);
        var (app, server, predictor) = await DriftScenario.ServeAsync(
            harness,
            name,
            d =>
            {
                d.WindowSize = DriftScenario.Window;
                d.MinimumRows = 100;
            },
            services => capture.Register(services, tracing: false));
        capture.Start(app, tracing: false);
        await harness.RegisterAsync(models.PenguinsZip, name);

        DriftScenario.Feed(predictor, DriftScenario.Gentoo(models));
        await server.EvaluateDriftAsync(Ct);
        DriftScenario.ExpectGauge(capture, server.GetStatus(name).Drift!);

        await harness.Registry.SetAliasAsync(name, "champion", 2, cancellationToken: Ct);
        await server.SyncAsync(Ct);

        server.GetStatus(name).Live!.Version.Should().Be(2);
        capture.Points(DriftScenario.DriftScore).Should().BeEmpty("version 2 has no reference profile, so it is not monitored, and version 1 no longer serves");
    }
}
