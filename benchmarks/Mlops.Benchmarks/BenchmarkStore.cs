using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Mlops.Storage;
using Mlops.Tracking;

namespace Mlops.Benchmarks;

/// <summary>A fresh SQLite database and artifact folder with Mlops tracking on top, optionally with a gate that holds the metric writer.</summary>
internal sealed class BenchmarkStore : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    public BenchmarkStore(Action<TrackingOptions>? configure = null, bool gated = false)
    {
        Root = Path.Combine(Path.GetTempPath(), "mlops-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        var services = new ServiceCollection();
        services.AddMlops(m =>
        {
            m.UseSqlite($"Data Source={DatabasePath}")
                .UseFileSystemArtifacts(Path.Combine(Root, "artifacts"))
                .UseActor("bench")
                .AddTracking(o =>
                {
                    o.CaptureEnvironment = false;
                    configure?.Invoke(o);
                });
            if (gated)
            {
                m.Services.Replace(ServiceDescriptor.Singleton<ITrackingStore>(sp => Gate = new GatedStore(sp.GetRequiredService<IMlopsStore>())));
            }
        });
        _provider = services.BuildServiceProvider();
        Tracker = _provider.GetRequiredService<IExperimentTracker>();
        Run = Tracker.StartRunAsync("bench").GetAwaiter().GetResult();
    }

    public string Root { get; }

    public string DatabasePath => Path.Combine(Root, "mlops.db");

    public IExperimentTracker Tracker { get; }

    public RunScope Run { get; }

    public GatedStore? Gate { get; private set; }

    public async ValueTask DisposeAsync()
    {
        Gate?.Open();
        await Run.DisposeAsync();
        await _provider.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(Root, recursive: true);
    }
}
