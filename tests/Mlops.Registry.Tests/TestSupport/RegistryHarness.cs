using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Journal;
using Mlops.Tracking;

namespace Mlops.Registry.Tests;

/// <summary>A real SQLite file and artifact directory under a fresh temp folder, with tracking and the registry on top.</summary>
public sealed class RegistryHarness : IAsyncDisposable
{
    private readonly List<ServiceProvider> _providers = [];

    public RegistryHarness(Action<RegistryOptions>? configure = null, Action<IServiceCollection>? services = null, TimeProvider? time = null, string actor = "alice")
    {
        Root = Path.Combine(Path.GetTempPath(), "mlops-registry-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        ConfigureRegistry = o =>
        {
            o.TempDirectory = TempPath;
            configure?.Invoke(o);
        };
        Services = Open(services, time, actor);
        Registry = Services.GetRequiredService<IModelRegistry>();
        Tracker = Services.GetRequiredService<IExperimentTracker>();
    }

    public string Root { get; }

    public string ArtifactsPath => Path.Combine(Root, "artifacts");

    public string TempPath => Path.Combine(Root, "registry-tmp");

    public ServiceProvider Services { get; }

    public IModelRegistry Registry { get; }

    public IExperimentTracker Tracker { get; }

    public IJournal Journal => Services.GetRequiredService<IJournal>();

    private Action<RegistryOptions> ConfigureRegistry { get; }

    /// <summary>Another, independent service provider (as another process would have) on the same database and artifacts.</summary>
    public ServiceProvider Open(Action<IServiceCollection>? extra = null, TimeProvider? time = null, string actor = "alice")
    {
        var services = new ServiceCollection();
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        extra?.Invoke(services);
        services.AddMlops(m => m
            .UseSqlite($"Data Source={Path.Combine(Root, "mlops.db")}")
            .UseFileSystemArtifacts(ArtifactsPath)
            .UseActor(actor)
            .AddTracking(o => o.CaptureEnvironment = false)
            .AddRegistry(ConfigureRegistry));
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        _providers.Add(provider);
        return provider;
    }

    /// <summary>Trains nothing: logs an already trained model in a new run and returns the run id and the model artifact.</summary>
    public async Task<(string RunId, RunArtifact Artifact)> LogModelRunAsync(TrainedModels models, bool penguins = true, Func<RunScope, Task>? extra = null)
    {
        await using var run = await Tracker.StartRunAsync(penguins ? "penguins" : "cars", cancellationToken: TestContext.Current.CancellationToken);
        var artifact = penguins
            ? await run.LogModelAsync(models.Ml, models.PenguinsModel, models.PenguinsTrain.Schema, cancellationToken: TestContext.Current.CancellationToken)
            : await run.LogModelAsync(models.Ml, models.CarsModel, models.CarsTrain.Schema, cancellationToken: TestContext.Current.CancellationToken);
        if (extra is not null)
        {
            await extra(run);
        }

        return (run.RunId, artifact);
    }

    public Task<ModelVersion> RegisterPenguinsAsync(TrainedModels models, string name = "penguins", RegisterVersionOptions? options = null) =>
        Registry.RegisterVersionFromStreamAsync(name, new MemoryStream(models.PenguinsZip), ModelFlavorNames.MlNet, options, TestContext.Current.CancellationToken);

    public Task<ModelVersion> RegisterCarsAsync(TrainedModels models, string name = "cars", RegisterVersionOptions? options = null) =>
        Registry.RegisterVersionFromStreamAsync(name, new MemoryStream(models.CarsZip), ModelFlavorNames.MlNet, options, TestContext.Current.CancellationToken);

    public async Task<IReadOnlyList<JournalEntry>> JournalAsync() => await Journal.ReadAsync(1, 10_000, TestContext.Current.CancellationToken);

    public static JsonElement Payload(JournalEntry entry) => JsonDocument.Parse(entry.Payload).RootElement.Clone();

    /// <summary>The stored file of a digest under the artifact root: <c>sha256/ab/cdef…</c>.</summary>
    public string ArtifactFile(string digest) => Path.Combine(ArtifactsPath, "sha256", digest[..2], digest[2..]);

    public int StoredArtifactCount() =>
        Directory.Exists(Path.Combine(ArtifactsPath, "sha256"))
            ? Directory.GetFiles(Path.Combine(ArtifactsPath, "sha256"), "*", SearchOption.AllDirectories).Length
            : 0;

    public async ValueTask DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
