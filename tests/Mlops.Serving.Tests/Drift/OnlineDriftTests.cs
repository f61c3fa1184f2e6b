using Microsoft.Extensions.DependencyInjection;
using Mlops.Journal;
using Mlops.Serving.Drift;

namespace Mlops.Serving.Tests.Drift;

/// <summary>
/// Online drift on real penguins: the reference is the training split's profile; in-distribution windows are seeded shuffles
/// of all complete penguins, and the shifted window is Gentoo penguins only (much heavier, longer flippers, shallower beaks).
/// </summary>
public sealed class OnlineDriftTests(TrainedModels models)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IReadOnlyList<Penguin> Gentoo => DriftScenario.Gentoo(models);

    private int Window => DriftScenario.Window;

    [Fact]
    public async Task In_distribution_rows_are_evaluated_under_threshold_and_health_stays_healthy()
    {
        const string name = "drift-in-distribution";
        await using var harness = new ServingHarness(models);
        var (_, server, predictor) = await DriftScenario.ServeAsync(harness, name, d =>
        {
            d.WindowSize = Window;
            d.MinimumRows = 100;
        });

        DriftScenario.Feed(predictor, DriftScenario.InDistribution(models, Window, seed: 1));
        await server.EvaluateDriftAsync(Ct);

        var status = server.GetStatus(name);
        var drift = status.Drift!;
        drift.Should().NotBeNull();
        drift.Version.Should().Be(1);
        drift.WindowRows.Should().Be(Window);
        drift.OverThreshold.Should().BeFalse(DriftScenario.Describe(drift));
        drift.Report.Columns.Select(c => c.Column).Should().BeEquivalentTo(TrainedModels.Features, "Species is not in the reference profile");
        drift.Report.Columns.Should().OnlyContain(c => c.CurrentCount == Window);
        status.Health.Should().Be(ServingHealth.Healthy);
        (await harness.JournalAsync()).Should().NotContain(e => e.Kind == JournalKinds.ServingDriftDetected || e.Kind == JournalKinds.ServingDriftCleared);
    }

    [Fact]
    public async Task Fewer_rows_than_the_minimum_are_not_evaluated()
    {
        const string name = "drift-minimum";
        await using var harness = new ServingHarness(models);
        var (_, server, predictor) = await DriftScenario.ServeAsync(harness, name, d =>
        {
            d.WindowSize = 100;
            d.MinimumRows = 50;
        });

        var gentoo = Gentoo;
        DriftScenario.Feed(predictor, gentoo.Take(49));
        await server.EvaluateDriftAsync(Ct);

        var status = server.GetStatus(name);
        status.Drift.Should().BeNull("49 rows are fewer than the minimum of 50");
        status.Health.Should().Be(ServingHealth.Healthy);

        DriftScenario.Feed(predictor, gentoo.Skip(49).Take(1));
        await server.EvaluateDriftAsync(Ct);

        status = server.GetStatus(name);
        status.Drift!.WindowRows.Should().Be(50);
        status.Drift.OverThreshold.Should().BeTrue(DriftScenario.Describe(status.Drift));
    }

    [Fact]
    public async Task A_version_without_a_reference_profile_is_not_monitored()
    {
        const string name = "drift-no-reference";
        await using var harness = new ServingHarness(models);
        var (_, server, predictor) = await DriftScenario.ServeAsync(
            harness,
            name,
            d =>
            {
                d.WindowSize = 100;
                d.MinimumRows = 10;
            },
            storeReference: false);

        DriftScenario.Feed(predictor, Gentoo.Take(100));
        await server.EvaluateDriftAsync(Ct);

        var status = server.GetStatus(name);
        status.Drift.Should().BeNull();
        status.Health.Should().Be(ServingHealth.Healthy);
        (await harness.JournalAsync()).Should().NotContain(e => e.Kind == JournalKinds.ServingDriftDetected);
    }

    [Fact]
    public async Task Drift_monitoring_switched_off_is_not_evaluated_even_with_a_reference_profile()
    {
        const string name = "drift-disabled";
        await using var harness = new ServingHarness(models);
        var (_, server, predictor) = await DriftScenario.ServeAsync(harness, name, d =>
        {
            d.Enabled = false;
            d.WindowSize = 100;
            d.MinimumRows = 10;
        });

        DriftScenario.Feed(predictor, Gentoo.Take(100));
        await server.EvaluateDriftAsync(Ct);

        server.GetStatus(name).Drift.Should().BeNull();
        server.GetStatus(name).Health.Should().Be(ServingHealth.Healthy);
    }

    [Fact]
    public async Task A_sample_rate_below_one_samples_about_that_share_of_rows()
    {
        const string name = "drift-sampling";
        const int rows = 4000;
        const double rate = 0.25;
        await using var harness = new ServingHarness(models);
        var (_, server, predictor) = await DriftScenario.ServeAsync(harness, name, d =>
        {
            d.SampleRate = rate;
            d.WindowSize = 10_000;
            d.MinimumRows = 1;
        });

        var complete = models.CompletePenguins;
        var batch = Enumerable.Range(0, rows).Select(i => complete[i % complete.Count]).ToList();
        predictor.PredictBatch(batch).Should().HaveCount(rows, "every row is predicted; only its drift sampling is random");
        await server.EvaluateDriftAsync(Ct);

        // Binomial(4000, 0.25): mean 1000, standard deviation ≈ 27.4; six of them either side.
        var sigma = Math.Sqrt(rows * rate * (1 - rate));
        var sampled = server.GetStatus(name).Drift!.WindowRows;
        sampled.Should().BeInRange((long)Math.Ceiling((rows * rate) - (6 * sigma)), (long)Math.Floor((rows * rate) + (6 * sigma)));
    }

    [Fact]
    public async Task A_full_window_keeps_only_the_last_rows()
    {
        const string name = "drift-window";
        await using var harness = new ServingHarness(models);
        var (_, server, predictor) = await DriftScenario.ServeAsync(harness, name, d =>
        {
            d.WindowSize = 100;
            d.MinimumRows = 100;
        });

        DriftScenario.Feed(predictor, DriftScenario.InDistribution(models, 100, seed: 3));
        DriftScenario.Feed(predictor, Gentoo.Take(100));
        await server.EvaluateDriftAsync(Ct);

        var drift = server.GetStatus(name).Drift!;
        drift.WindowRows.Should().Be(100, "the window holds the last WindowSize sampled rows");
        drift.OverThreshold.Should().BeTrue("only the Gentoo rows are left in the window: " + DriftScenario.Describe(drift));
    }

    [Fact]
    public async Task After_the_alias_moves_the_new_version_starts_with_a_fresh_window_and_no_drift_state()
    {
        const string name = "drift-alias-move";
        await using var harness = new ServingHarness(models);
        var (_, server, predictor) = await DriftScenario.ServeAsync(harness, name, d =>
        {
            d.WindowSize = Window;
            d.MinimumRows = 100;
        });
        var second = await harness.RegisterAsync(models.PenguinsZip, name);
        await harness.StoreReferenceAsync(second);

        DriftScenario.Feed(predictor, Gentoo);
        await server.EvaluateDriftAsync(Ct);
        server.GetStatus(name).Health.Should().Be(ServingHealth.Degraded);

        await harness.Registry.SetAliasAsync(name, "champion", 2, cancellationToken: Ct);
        await server.SyncAsync(Ct);

        var status = server.GetStatus(name);
        status.Live!.Version.Should().Be(2);
        status.Drift.Should().BeNull("version 2 has not been evaluated yet");
        status.Health.Should().Be(ServingHealth.Healthy, "version 1's drift does not follow the alias");

        await server.EvaluateDriftAsync(Ct);
        server.GetStatus(name).Drift.Should().BeNull("version 2's window is empty: version 1's rows are not carried over");

        DriftScenario.Feed(predictor, DriftScenario.InDistribution(models, Window, seed: 4));
        await server.EvaluateDriftAsync(Ct);
        var drift = server.GetStatus(name).Drift!;
        drift.Version.Should().Be(2);
        drift.WindowRows.Should().Be(Window, "only version 2's rows are in its window");
        drift.OverThreshold.Should().BeFalse(DriftScenario.Describe(drift));

        // A shift on version 2 is journaled for version 2.
        DriftScenario.Feed(predictor, Gentoo);
        DriftScenario.Feed(predictor, Gentoo);
        await server.EvaluateDriftAsync(Ct);
        server.GetStatus(name).Drift!.OverThreshold.Should().BeTrue();
        (await harness.JournalAsync()).Where(e => e.Kind == JournalKinds.ServingDriftDetected).Select(e => e.Subject)
            .Should().Equal($"model/{name}/1", $"model/{name}/2");
    }
}
