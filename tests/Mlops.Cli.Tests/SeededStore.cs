using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Mlops.Registry;
using Mlops.Tracking;

namespace Mlops.Cli.Tests;

/// <summary>
/// A real SQLite store and artifact folder in a temp dir, written through the SDK as an app writes them: an experiment with
/// two tracked runs (params, metrics), a model with two versions registered from those runs, and the alias champion → v1.
/// </summary>
public sealed class SeededStore : IAsyncDisposable
{
    public const string Experiment = "penguins";
    public const string Model = "penguin-species";
    public const string Seeder = "seeder";

    private SeededStore(string folder) => Folder = folder;

    public string Folder { get; }

    public string Database => Path.Combine(Folder, "mlops.db");

    public string Artifacts => Path.Combine(Folder, "artifacts");

    public string FirstRunId { get; private set; } = "";

    public string SecondRunId { get; private set; } = "";

    /// <summary>The arguments that connect the tool to this store.</summary>
    public string[] Connect => ["--store", Database, "--artifacts", Artifacts];

    public static async Task<SeededStore> CreateAsync(TrainedModels models)
    {
        var store = new SeededStore(Path.Combine(Path.GetTempPath(), "mlops-cli-" + Guid.NewGuid().ToString("N")));
        Directory.CreateDirectory(store.Folder);
        await using var host = await store.OpenAsync(Seeder);
        var tracker = host.Services.GetRequiredService<IExperimentTracker>();
        var registry = host.Services.GetRequiredService<IModelRegistry>();
        var ct = TestContext.Current.CancellationToken;

        store.FirstRunId = await TrackAsync(tracker, "sdca-baseline", "sdca", 0.91, ct);
        store.SecondRunId = await TrackAsync(tracker, "sdca-long", "sdca-long", 0.95, ct);
        await registry.RegisterVersionFromStreamAsync(Model, new MemoryStream(models.PenguinsZip), ModelFlavorNames.MlNet,
            new RegisterVersionOptions { RunId = store.FirstRunId, Description = "all four measurements" }, ct);
        await registry.RegisterVersionFromStreamAsync(Model, new MemoryStream(models.BeakOnlyZip), ModelFlavorNames.MlNet,
            new RegisterVersionOptions { RunId = store.SecondRunId, Description = "beak only" }, ct);
        await registry.SetAliasAsync(Model, "champion", 1, "first release", ct);
        return store;
    }

    private static async Task<string> TrackAsync(IExperimentTracker tracker, string name, string trainer, double accuracy, CancellationToken ct)
    {
        await using var run = await tracker.StartRunAsync(Experiment, new RunOptions { RunName = name }, ct);
        await run.LogParamAsync("trainer", trainer, ct);
        await run.LogParamAsync("seed", "7", ct);
        run.LogMetric("accuracy", accuracy);
        run.LogMetric("log_loss", 1 - accuracy);
        await run.EndAsync(cancellationToken: ct);
        return run.RunId;
    }

    /// <summary>An SDK host on this store, acting as <paramref name="actor"/>: for arranging state and checking what the tool wrote.</summary>
    public async Task<SdkHost> OpenAsync(string actor)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddMlops(m => m.UseSqlite($"Data Source={Database}").UseFileSystemArtifacts(Artifacts)
            .UseActor(actor).AddTracking().AddRegistry().AddGovernance());
        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        return new SdkHost(host);
    }

    /// <summary>Runs SQL on the file directly, behind the SDK's back (to tamper with it).</summary>
    public async Task ExecuteSqlAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Database};Pooling=False");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        if (Environment.GetEnvironmentVariable("MLOPS_CLI_TESTS_KEEP") == "1")
        {
            // For looking at a seeded store by hand: mlops runs list --store <folder>/mlops.db.
            return ValueTask.CompletedTask;
        }

        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>A started SDK host, stopped and disposed together.</summary>
public sealed class SdkHost(IHost host) : IAsyncDisposable
{
    public IServiceProvider Services => host.Services;

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync(CancellationToken.None);
        host.Dispose();
        SqliteConnection.ClearAllPools();
    }
}
