using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Mlops.Registry.Tests;

public sealed class HostingTests(TrainedModels models) : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "mlops-registry-tests", Guid.NewGuid().ToString("N"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (IOException)
        {
        }
    }

    private static IHost BuildHost(string root, Action<RegistryOptions> configure)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddMlops(m => m
            .UseSqlite($"Data Source={Path.Combine(root, "mlops.db")}")
            .UseFileSystemArtifacts(Path.Combine(root, "artifacts"))
            .AddTracking(o => o.CaptureEnvironment = false)
            .AddRegistry(configure)
            .AddRegistry());
        return builder.Build();
    }

    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(16, -1.0)]
    public async Task Invalid_options_fail_the_host_at_start(int maxLoaded, double aliasSeconds)
    {
        using var host = BuildHost(_root, o =>
        {
            o.MaxLoadedModels = maxLoaded;
            o.AliasCacheDuration = TimeSpan.FromSeconds(aliasSeconds);
        });

        await FluentActions.Awaiting(() => host.StartAsync(Ct)).Should().ThrowAsync<OptionsValidationException>();
    }

    [Fact]
    public async Task The_registry_and_one_mlnet_flavor_are_registered_even_when_added_twice()
    {
        using var host = BuildHost(_root, _ => { });
        await host.StartAsync(Ct);

        host.Services.GetServices<IModelFlavor>().Select(f => f.Name).Should().Equal("mlnet");
        host.Services.GetRequiredService<IModelRegistry>().Should().BeSameAs(host.Services.GetRequiredService<IModelRegistry>());
        await host.StopAsync(Ct);
    }

    [Fact]
    public async Task Register_and_load_are_activities_on_the_Mlops_source()
    {
        var stopped = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == MlopsTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { lock (stopped) { stopped.Add(a); } },
        };
        ActivitySource.AddActivityListener(listener);
        await using var h = new RegistryHarness();
        var modelName = "otel-" + Guid.NewGuid().ToString("N")[..8];

        await h.RegisterPenguinsAsync(models, modelName);
        await h.Registry.LoadAsync($"models:/{modelName}/1", Ct);

        lock (stopped)
        {
            var mine = stopped.Where(a => (string?)a.GetTagItem("mlops.model.name") == modelName).ToList();
            mine.Select(a => a.OperationName).Should().Contain(["mlops.registry.register", "mlops.registry.load"]);
            mine.Single(a => a.OperationName == "mlops.registry.load").GetTagItem("mlops.model.version").Should().Be(1);
        }
    }
}
