using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Registry;

namespace Mlops.Benchmarks;

/// <summary>A fresh SQLite database and artifact folder with the registry and the ONNX flavor on top.</summary>
internal sealed class RegistryBenchmarkHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    public RegistryBenchmarkHost(Action<RegistryOptions> configure)
    {
        Root = Directory.CreateTempSubdirectory("mlops-bench-registry-").FullName;
        var services = new ServiceCollection();
        services.AddMlops(m => m
            .UseSqlite($"Data Source={Path.Combine(Root, "mlops.db")}")
            .UseFileSystemArtifacts(Path.Combine(Root, "artifacts"))
            .UseActor("bench")
            .AddRegistry(o =>
            {
                o.TempDirectory = Path.Combine(Root, "tmp");
                configure(o);
            })
            .AddOnnxFlavor());
        _provider = services.BuildServiceProvider();
        Registry = _provider.GetRequiredService<IModelRegistry>();
    }

    public string Root { get; }

    public IModelRegistry Registry { get; }

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(Root, recursive: true);
    }
}
