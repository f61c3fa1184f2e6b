using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Mlops.Serving.Tests.Health;

public sealed class ServingHealthCheckTests(TrainedModels models)
{
    private const string DefaultName = "mlops-serving";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Before_the_first_load_serving_is_unhealthy_and_the_data_says_nothing_is_loaded()
    {
        const string name = "health-unloaded";
        await using var harness = new ServingHarness(models);
        await harness.RegisterAsync(models.PenguinsZip, name);
        await harness.Registry.SetAliasAsync(name, "champion", 1, cancellationToken: Ct);
        var app = harness.Open(s => s.AddModel<Penguin, SpeciesPrediction>(name, "champion"), services => services.AddHealthChecks().AddMlopsServing());

        var entry = await CheckAsync(app);

        entry.Status.Should().Be(HealthStatus.Unhealthy);
        entry.Description.Should().Contain($"'{name}' has no version loaded");
        entry.Data[name].Should().Be($"{name}: nothing loaded");
        entry.Data[name + ".version"].Should().Be(0);
    }

    [Fact]
    public async Task After_the_first_load_serving_is_healthy_with_the_live_version_in_the_data()
    {
        const string name = "health-loaded";
        await using var harness = new ServingHarness(models);
        await harness.RegisterAsync(models.PenguinsZip, name);
        await harness.Registry.SetAliasAsync(name, "champion", 1, cancellationToken: Ct);
        var app = harness.Open(s => s.AddModel<Penguin, SpeciesPrediction>(name, "champion"), services => services.AddHealthChecks().AddMlopsServing());
        await app.GetRequiredService<IModelServer>().SyncAsync(Ct);

        var entry = await CheckAsync(app);

        entry.Status.Should().Be(HealthStatus.Healthy);
        entry.Description.Should().Be("1 served model(s) healthy.");
        entry.Data[name].Should().Be($"{name} v1 (Healthy)");
        entry.Data[name + ".version"].Should().Be(1);
    }

    [Fact]
    public async Task A_failed_swap_degrades_health_with_the_old_version_still_in_the_data_until_the_alias_moves_back()
    {
        const string name = "health-failed-swap";
        await using var harness = new ServingHarness(models);
        await harness.RegisterAsync(models.PenguinsZip, name);
        await harness.RegisterMisfitAsync(name);
        await harness.Registry.SetAliasAsync(name, "champion", 1, cancellationToken: Ct);
        var app = harness.Open(s => s.AddModel<Penguin, SpeciesPrediction>(name, "champion"), services => services.AddHealthChecks().AddMlopsServing());
        var server = app.GetRequiredService<IModelServer>();
        await server.SyncAsync(Ct);
        await harness.Registry.SetAliasAsync(name, "champion", 2, cancellationToken: Ct);
        await server.SyncAsync(Ct);

        var entry = await CheckAsync(app);

        entry.Status.Should().Be(HealthStatus.Degraded);
        entry.Description.Should().Contain($"'{name}' failed its last swap").And.Contain("version 1 still serves");
        entry.Data[name].Should().Be($"{name} v1 (Degraded)");
        entry.Data[name + ".version"].Should().Be(1);

        await harness.Registry.SetAliasAsync(name, "champion", 1, cancellationToken: Ct);
        await server.SyncAsync(Ct);
        (await CheckAsync(app)).Status.Should().Be(HealthStatus.Healthy);
    }

    [Fact]
    public async Task Drift_over_threshold_degrades_health_until_the_window_is_back_in_distribution()
    {
        const string name = "health-drift";
        await using var harness = new ServingHarness(models);
        var version = await harness.RegisterAsync(models.PenguinsZip, name);
        await harness.StoreReferenceAsync(version);
        await harness.Registry.SetAliasAsync(name, "champion", 1, cancellationToken: Ct);
        var app = harness.Open(
            s => s.AddModel<Penguin, SpeciesPrediction>(name, o =>
            {
                o.Alias = "champion";
                o.Drift.SampleRate = 1;
                o.Drift.WindowSize = 100;
                o.Drift.MinimumRows = 50;
            }),
            services => services.AddHealthChecks().AddMlopsServing());
        var server = app.GetRequiredService<IModelServer>();
        await server.SyncAsync(Ct);
        var predictor = app.GetRequiredService<IPredictor<Penguin, SpeciesPrediction>>();

        foreach (var gentoo in models.CompletePenguins.Where(p => p.Species == "Gentoo").Take(100))
        {
            predictor.Predict(gentoo);
        }

        await server.EvaluateDriftAsync(Ct);
        var entry = await CheckAsync(app);
        entry.Status.Should().Be(HealthStatus.Degraded);
        entry.Description.Should().Contain($"'{name}' version 1 has online drift over threshold");
        entry.Data[name + ".version"].Should().Be(1);

        var rows = models.CompletePenguins.ToArray();
        new Random(5).Shuffle(rows);
        foreach (var row in rows.Take(100))
        {
            predictor.Predict(row);
        }

        await server.EvaluateDriftAsync(Ct);
        (await CheckAsync(app)).Status.Should().Be(HealthStatus.Healthy);
    }

    [Fact]
    public async Task The_failure_status_replaces_unhealthy_but_not_degraded()
    {
        const string name = "health-failure-status";
        await using var harness = new ServingHarness(models);
        await harness.RegisterAsync(models.PenguinsZip, name);
        await harness.RegisterMisfitAsync(name);
        await harness.Registry.SetAliasAsync(name, "champion", 1, cancellationToken: Ct);
        var app = harness.Open(
            s => s.AddModel<Penguin, SpeciesPrediction>(name, "champion"),
            services => services.AddHealthChecks().AddMlopsServing(failureStatus: HealthStatus.Degraded));

        (await CheckAsync(app)).Status.Should().Be(HealthStatus.Degraded, "nothing is loaded, reported with the configured failure status");

        var server = app.GetRequiredService<IModelServer>();
        await server.SyncAsync(Ct);
        (await CheckAsync(app)).Status.Should().Be(HealthStatus.Healthy);

        await harness.Registry.SetAliasAsync(name, "champion", 2, cancellationToken: Ct);
        await server.SyncAsync(Ct);
        (await CheckAsync(app)).Status.Should().Be(HealthStatus.Degraded);
    }

    [Fact]
    public async Task A_first_load_that_fails_is_unhealthy_with_the_error_in_the_description()
    {
        const string name = "health-load-error";
        await using var harness = new ServingHarness(models);
        await harness.RegisterMisfitAsync(name);
        await harness.Registry.SetAliasAsync(name, "champion", 1, cancellationToken: Ct);
        var app = harness.Open(s => s.AddModel<Penguin, SpeciesPrediction>(name, "champion"), services => services.AddHealthChecks().AddMlopsServing());
        var server = app.GetRequiredService<IModelServer>();
        await server.SyncAsync(Ct);

        var entry = await CheckAsync(app);

        var lastError = server.GetStatus(name).LastError;
        lastError.Should().NotBeNullOrEmpty();
        entry.Status.Should().Be(HealthStatus.Unhealthy);
        entry.Description.Should().Contain($"'{name}' has no version loaded: {lastError}");
        entry.Data[name + ".version"].Should().Be(0);
    }

    [Fact]
    public async Task With_several_models_the_worst_health_wins_and_each_model_is_in_the_data()
    {
        await using var harness = new ServingHarness(models);
        await harness.RegisterAsync(models.PenguinsZip, "health-a");
        await harness.RegisterAsync(models.PenguinsZip, "health-b");
        await harness.Registry.SetAliasAsync("health-a", "champion", 1, cancellationToken: Ct);
        var app = harness.Open(
            s => s.AddModel<Penguin, SpeciesPrediction>("health-a", "champion")
                .AddModel<Penguin, SpeciesPrediction>("health-b", "champion"),
            services => services.AddHealthChecks().AddMlopsServing());
        var server = app.GetRequiredService<IModelServer>();
        await server.SyncAsync(Ct);

        var entry = await CheckAsync(app);
        entry.Status.Should().Be(HealthStatus.Unhealthy, "health-b's alias does not exist yet");
        entry.Data["health-a"].Should().Be("health-a v1 (Healthy)");
        entry.Data["health-b"].Should().Be("health-b: nothing loaded");
        entry.Description.Should().Contain("'health-b' has no version loaded").And.NotContain("'health-a'");

        await harness.Registry.SetAliasAsync("health-b", "champion", 1, cancellationToken: Ct);
        await server.SyncAsync(Ct);
        entry = await CheckAsync(app);
        entry.Status.Should().Be(HealthStatus.Healthy);
        entry.Description.Should().Be("2 served model(s) healthy.");
        entry.Data["health-b.version"].Should().Be(1);
    }

    [Fact]
    public async Task A_custom_name_and_tags_are_registered_and_usable_in_the_predicate()
    {
        const string name = "health-tags";
        await using var harness = new ServingHarness(models);
        await harness.RegisterAsync(models.PenguinsZip, name);
        await harness.Registry.SetAliasAsync(name, "champion", 1, cancellationToken: Ct);
        var app = harness.Open(
            s => s.AddModel<Penguin, SpeciesPrediction>(name, "champion"),
            services => services.AddHealthChecks().AddMlopsServing("models", tags: ["ready", "ml"]));
        await app.GetRequiredService<IModelServer>().SyncAsync(Ct);
        var health = app.GetRequiredService<HealthCheckService>();

        var ready = await health.CheckHealthAsync(r => r.Tags.Contains("ready"), Ct);
        var entry = ready.Entries.Should().ContainSingle().Subject;
        entry.Key.Should().Be("models");
        entry.Value.Tags.Should().BeEquivalentTo("ready", "ml");
        entry.Value.Status.Should().Be(HealthStatus.Healthy);

        (await health.CheckHealthAsync(r => r.Tags.Contains("live"), Ct)).Entries.Should().BeEmpty();
    }

    [Fact]
    public void An_empty_name_is_refused()
    {
        var services = new ServiceCollection();
        var act = () => services.AddHealthChecks().AddMlopsServing(string.Empty);
        act.Should().Throw<ArgumentException>();
    }

    private static async Task<HealthReportEntry> CheckAsync(IServiceProvider app, string name = DefaultName)
    {
        var report = await app.GetRequiredService<HealthCheckService>().CheckHealthAsync(Ct);
        return report.Entries[name];
    }
}
