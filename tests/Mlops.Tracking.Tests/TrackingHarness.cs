using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Journal;
using Mlops.Tracking;

namespace Mlops.Tracking.Tests;

/// <summary>A real SQLite file and artifact directory under a fresh temp folder, with Mlops + tracking on top.</summary>
public sealed class TrackingHarness : IAsyncDisposable
{
    private readonly List<ServiceProvider> _providers = [];

    public TrackingHarness(Action<TrackingOptions>? configure = null, string actor = "alice")
    {
        Root = Path.Combine(Path.GetTempPath(), "mlops-tracking-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        Configure = configure;
        Actor = actor;
        Services = Open();
        Tracker = Services.GetRequiredService<IExperimentTracker>();
    }

    public string Root { get; }

    public string DatabasePath => Path.Combine(Root, "mlops.db");

    public string ArtifactsPath => Path.Combine(Root, "artifacts");

    public Action<TrackingOptions>? Configure { get; }

    public string Actor { get; }

    public ServiceProvider Services { get; }

    public IExperimentTracker Tracker { get; }

    public IJournal Journal => Services.GetRequiredService<IJournal>();

    /// <summary>Builds another, independent service provider on the same database and artifact directory.</summary>
    public ServiceProvider Open(Action<MlopsBuilder>? extra = null)
    {
        var services = new ServiceCollection();
        services.AddMlops(m =>
        {
            m.UseSqlite($"Data Source={DatabasePath}")
                .UseFileSystemArtifacts(ArtifactsPath)
                .UseActor(Actor)
                .AddTracking(o =>
                {
                    o.CaptureEnvironment = false;
                    Configure?.Invoke(o);
                });
            extra?.Invoke(m);
        });
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        _providers.Add(provider);
        return provider;
    }

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
