using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Tracking;

namespace Mlops.Pipelines.Tests.Pipelines;

/// <summary>A real SQLite store and artifact folder in a fresh temp directory, with tracking and pipelines.</summary>
public sealed class PipelineHarness : IAsyncDisposable
{
    private readonly List<ServiceProvider> _providers = [];

    public PipelineHarness()
    {
        Root = Path.Combine(Path.GetTempPath(), "mlops-pipelines-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        Services = Create();
    }

    public string Root { get; }

    public ServiceProvider Services { get; }

    public IPipelineRunner Runner => Services.GetRequiredService<IPipelineRunner>();

    public IExperimentTracker Tracker => Services.GetRequiredService<IExperimentTracker>();

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Another application instance on the same store (its own service provider).</summary>
    public ServiceProvider Create(Action<PipelinesBuilder>? pipelines = null, Action<IServiceCollection>? extra = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        extra?.Invoke(services);
        services.AddMlops(m => m
            .UseSqlite($"Data Source={Path.Combine(Root, "mlops.db")}")
            .UseFileSystemArtifacts(Path.Combine(Root, "artifacts"))
            .UseActor("pipeline-tests")
            .AddTracking(o => o.CaptureEnvironment = false)
            .AddPipelines(pipelines ?? (_ => { })));
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        _providers.Add(provider);
        return provider;
    }

    public async Task<Run> RunAsync(string runId) => await Tracker.GetRunAsync(runId, Ct);

    public async Task<string> ReadTextArtifactAsync(string runId, string path)
    {
        await using var stream = await Tracker.OpenArtifactAsync(runId, path, Ct);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync(Ct);
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
            // A file still open on a slow machine: the temp folder is cleaned up by the OS.
        }
    }
}
