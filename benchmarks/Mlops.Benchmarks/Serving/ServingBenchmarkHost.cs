using System.Diagnostics.Metrics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Registry;
using Mlops.Serving;
using Mlops.Serving.Telemetry;
using Mlops.Validation;

namespace Mlops.Benchmarks.Serving;

/// <summary>
/// One app instance serving the benchmark model: a fresh SQLite database and artifact folder, the registry, validation
/// and <c>AddServing</c> as declared by the benchmark, with the <c>Mlops</c> meter created through an
/// <see cref="IMeterFactory"/> from DI. The hosted service is not started: versions are loaded (and swaps applied) by
/// <see cref="IModelServer.SyncAsync"/>, so nothing polls in the background unless a benchmark asks for it.
/// </summary>
internal sealed class ServingBenchmarkHost : IDisposable
{
    public const string ModelName = "cars";
    public const string Alias = "champion";

    private readonly BenchmarkMeterFactory _meters = new();
    private readonly ServiceProvider _provider;

    /// <param name="model">The trained model.</param>
    /// <param name="versions">How many versions of the same <c>.zip</c> to register (two for swapping back and forth).</param>
    /// <param name="storeReference">Whether to store the feature profile as each version's reference (input checks, drift).</param>
    /// <param name="serving">The served models.</param>
    public ServingBenchmarkHost(ServingBenchmarkModel model, int versions, bool storeReference, Action<ServingBuilder> serving)
    {
        Root = Directory.CreateTempSubdirectory("mlops-bench-serving-host-").FullName;
        var services = new ServiceCollection();
        services.AddSingleton<IMeterFactory>(_meters);
        services.AddMlops(m => m
            .UseSqlite($"Data Source={Path.Combine(Root, "mlops.db")}")
            .UseFileSystemArtifacts(Path.Combine(Root, "artifacts"))
            .UseActor("bench")
            .AddRegistry(o => o.TempDirectory = Path.Combine(Root, "tmp"))
            .AddValidation()
            .AddServing(serving));
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        Registry = _provider.GetRequiredService<IModelRegistry>();
        Server = _provider.GetRequiredService<IModelServer>();
        var validator = _provider.GetRequiredService<IModelValidator>();
        for (var i = 0; i < versions; i++)
        {
            var version = Registry.RegisterVersionFromFileAsync(
                ModelName, model.ZipPath, ModelFlavorNames.MlNet, new RegisterVersionOptions().WithTypes<ServingCar, ServingMpg>()).GetAwaiter().GetResult();
            if (storeReference)
            {
                validator.StoreReferenceProfileAsync(version.Uri, model.Reference).GetAwaiter().GetResult();
            }
        }

        Registry.SetAliasAsync(ModelName, Alias, 1).GetAwaiter().GetResult();
        Server.SyncAsync().GetAwaiter().GetResult();
        foreach (var status in Server.GetStatuses())
        {
            if (status.Live is null)
            {
                throw new InvalidOperationException($"Served model '{status.Key}' did not load: {status.LastError}");
            }
        }
    }

    public string Root { get; }

    public IModelRegistry Registry { get; }

    public IModelServer Server { get; }

    /// <summary>Whether anything listens to serving's duration histogram (an OpenTelemetry meter provider in this process).</summary>
    public bool TelemetryEnabled => _provider.GetRequiredService<ServingTelemetry>().Duration.Enabled;

    public IPredictor<ServingCar, ServingMpg> Predictor(string key) => _provider.GetRequiredKeyedService<IPredictor<ServingCar, ServingMpg>>(key);

    public void Dispose()
    {
        _provider.Dispose();
        _meters.Dispose();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a finalizing engine: the temp folder is left behind, the run is unaffected.
        }
    }
}
