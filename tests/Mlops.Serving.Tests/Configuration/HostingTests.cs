using System.Diagnostics;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Mlops.Journal;

namespace Mlops.Serving.Tests.Configuration;

/// <summary>Serving inside a real generic host: the hosted service loads at start and follows alias moves on its poll loop.</summary>
public sealed class HostingTests(TrainedModels models)
{
    private static readonly TimeSpan Cap = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_hosted_service_loads_in_StartAsync_and_its_poll_loop_follows_an_alias_move()
    {
        await using var harness = new ServingHarness(models);
        await harness.RegisterAsync(models.PenguinsZip);
        await harness.RegisterAsync(models.BeakOnlyZip);
        await harness.Registry.SetAliasAsync("penguins", "champion", 1, cancellationToken: Ct);
        using var host = BuildHost(harness, TimeSpan.FromMilliseconds(20));
        var server = host.Services.GetRequiredService<IModelServer>();
        var predictor = host.Services.GetRequiredService<IPredictor<Penguin, SpeciesPrediction>>();
        predictor.Status.Health.Should().Be(ServingHealth.Unhealthy, "nothing loads before the host starts");

        await host.StartAsync(Ct);
        try
        {
            // No SyncAsync: StartAsync of the hosted service has loaded the model.
            var status = server.GetStatus("penguins");
            status.Live!.Version.Should().Be(1);
            status.Health.Should().Be(ServingHealth.Healthy);
            predictor.PredictWithDetails(models.CompletePenguins[0]).Version.Should().Be(1);

            await harness.Registry.SetAliasAsync("penguins", "champion", 2, "promote from the admin process", Ct);
            await WaitUntilAsync(() => server.GetStatus("penguins").Live?.Version == 2);

            var live = server.GetStatus("penguins").Live!;
            live.Cause.Reason.Should().Be("promote from the admin process");
            live.Cause.Actor.Should().Be("alice");
            predictor.PredictWithDetails(models.CompletePenguins[0]).Version.Should().Be(2);

            // A swap is published before its journal entry is appended; syncs are serialized, so this one returns only
            // after the poll loop's round (and its journal write) has finished.
            await server.SyncAsync(Ct);
            (await harness.JournalAsync()).Where(e => e.Kind == JournalKinds.ServingSwapped && e.Actor == "hosted-app")
                .Select(e => e.Subject).Should().Equal("model/penguins/1", "model/penguins/2");
        }
        finally
        {
            await host.StopAsync(Ct);
        }
    }

    [Fact]
    public async Task A_model_that_cannot_load_at_start_does_not_fail_the_host_and_loads_once_its_alias_is_set()
    {
        await using var harness = new ServingHarness(models);
        await harness.RegisterAsync(models.PenguinsZip);
        using var host = BuildHost(harness, TimeSpan.FromMilliseconds(20));
        var server = host.Services.GetRequiredService<IModelServer>();
        var predictor = host.Services.GetRequiredService<IPredictor<Penguin, SpeciesPrediction>>();

        await host.StartAsync(Ct);
        try
        {
            var status = server.GetStatus("penguins");
            status.Health.Should().Be(ServingHealth.Unhealthy);
            status.LastError.Should().Contain("champion");
            predictor.Invoking(p => p.Predict(models.CompletePenguins[0])).Should().Throw<MlopsModelUnavailableException>();
            var waiting = predictor.PredictAsync(models.CompletePenguins[0], cancellationToken: Ct).AsTask();

            await harness.Registry.SetAliasAsync("penguins", "champion", 1, cancellationToken: Ct);

            (await waiting.WaitAsync(Cap, Ct)).PredictedSpecies.Should().NotBeNullOrEmpty();
            server.GetStatus("penguins").Should().Match<ServedModelStatus>(s => s.Live!.Version == 1 && s.Health == ServingHealth.Healthy && s.LastError == null);
        }
        finally
        {
            await host.StopAsync(Ct);
        }
    }

    [Fact]
    public async Task The_poll_loop_runs_on_the_registered_TimeProvider()
    {
        await using var harness = new ServingHarness(models);
        await harness.RegisterAsync(models.PenguinsZip);
        await harness.RegisterAsync(models.PenguinsZip);
        await harness.Registry.SetAliasAsync("penguins", "champion", 1, cancellationToken: Ct);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var poll = TimeSpan.FromMinutes(10);

        // A ten-minute poll interval: only advancing the fake clock can make the loop read the journal within the test.
        using var host = BuildHost(harness, poll, services => services.AddSingleton<TimeProvider>(time));
        var server = host.Services.GetRequiredService<IModelServer>();
        await host.StartAsync(Ct);
        try
        {
            var start = time.GetUtcNow();
            server.GetStatus("penguins").Live!.Version.Should().Be(1);
            server.GetStatus("penguins").Live!.Since.Should().Be(start, "the served version is stamped by the registered clock");

            await harness.Registry.SetAliasAsync("penguins", "champion", 2, cancellationToken: Ct);
            await WaitUntilAsync(() => server.GetStatus("penguins").Live?.Version == 2, nudge: () => time.Advance(poll));

            // Only Advance moves the fake clock: the swap happened on a tick, a whole number of poll intervals after start.
            var since = server.GetStatus("penguins").Live!.Since - start;
            since.Should().BeGreaterThanOrEqualTo(poll);
            (since.Ticks % poll.Ticks).Should().Be(0);
        }
        finally
        {
            await host.StopAsync(Ct);
        }
    }

    [Fact]
    public async Task Invalid_shared_serving_options_fail_the_host_at_start_naming_the_option()
    {
        await using var harness = new ServingHarness(models);
        using var host = BuildHost(harness, TimeSpan.Zero);

        var thrown = await host.Awaiting(h => h.StartAsync(Ct)).Should().ThrowAsync<OptionsValidationException>();
        thrown.Which.Message.Should().Contain(nameof(ServingOptions.PollInterval));
    }

    private static IHost BuildHost(ServingHarness harness, TimeSpan pollInterval, Action<IServiceCollection>? extra = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        extra?.Invoke(builder.Services);
        builder.Services.AddMlops(m => m
            .UseSqlite($"Data Source={Path.Combine(harness.Root, "mlops.db")}")
            .UseFileSystemArtifacts(Path.Combine(harness.Root, "artifacts"))
            .UseActor("hosted-app")
            .AddRegistry(o => o.TempDirectory = Path.Combine(harness.Root, "tmp-host"))
            .AddValidation()
            .AddServing(s => s
                .AddModel<Penguin, SpeciesPrediction>("penguins", "champion")
                .Configure(o =>
                {
                    o.PollInterval = pollInterval;
                    o.InstanceName = "hosted-app";
                })));
        return builder.Build();
    }

    /// <summary>Polls a condition (nudging between polls) until it holds; fails after 30 s instead of hanging.</summary>
    private static async Task WaitUntilAsync(Func<bool> condition, Action? nudge = null)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > Cap)
            {
                throw new TimeoutException("The condition did not hold within 30 s.");
            }

            nudge?.Invoke();
            await Task.Delay(10, Ct);
        }
    }
}
