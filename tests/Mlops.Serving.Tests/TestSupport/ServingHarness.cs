using Microsoft.Data.Sqlite;
using Microsoft.ML;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Journal;
using Mlops.Registry;
using Mlops.Validation;
using Mlops.Validation.Profiles;

namespace Mlops.Serving.Tests;

/// <summary>
/// A real SQLite store and artifact directory under a fresh temp folder with the registry and validation; serving
/// providers are opened per test with their own <c>AddServing</c> configuration, as separate app instances would be.
/// </summary>
public sealed class ServingHarness : IAsyncDisposable
{
    private readonly List<ServiceProvider> _providers = [];

    public ServingHarness(TrainedModels models)
    {
        Models = models;
        Root = Path.Combine(Path.GetTempPath(), "mlops-serving-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        Admin = Open(null);
        Registry = Admin.GetRequiredService<IModelRegistry>();
        Validator = Admin.GetRequiredService<IModelValidator>();
    }

    public TrainedModels Models { get; }

    public string Root { get; }

    /// <summary>A provider without serving: the "other process" that registers versions and moves aliases.</summary>
    public ServiceProvider Admin { get; }

    public IModelRegistry Registry { get; }

    public IModelValidator Validator { get; }

    public IJournal Journal => Admin.GetRequiredService<IJournal>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Opens an app instance on the same store; <paramref name="serving"/> declares what it serves.</summary>
    public ServiceProvider Open(Action<ServingBuilder>? serving, Action<IServiceCollection>? extra = null, string actor = "alice",
        Action<IServiceCollection>? afterMlops = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        extra?.Invoke(services);
        services.AddMlops(m =>
        {
            m.UseSqlite($"Data Source={Path.Combine(Root, "mlops.db")}")
                .UseFileSystemArtifacts(Path.Combine(Root, "artifacts"))
                .UseActor(actor)
                .AddRegistry(o => o.TempDirectory = Path.Combine(Root, "tmp"))
                .AddValidation();
            if (serving is not null)
            {
                m.AddServing(serving);
            }
        });
        afterMlops?.Invoke(services);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        _providers.Add(provider);
        return provider;
    }

    public Task<ModelVersion> RegisterAsync(byte[] zip, string name = "penguins") =>
        Registry.RegisterVersionFromStreamAsync(name, new MemoryStream(zip), ModelFlavorNames.MlNet, new RegisterVersionOptions().WithTypes<Penguin, SpeciesPrediction>(), Ct);

    /// <summary>Registers a version that the Penguin → SpeciesPrediction types do not fit (a cars regression).</summary>
    public Task<ModelVersion> RegisterMisfitAsync(string name = "penguins") =>
        Registry.RegisterVersionFromStreamAsync(name, new MemoryStream(Models.CarsZip), ModelFlavorNames.MlNet, cancellationToken: Ct);

    /// <summary>Stores the training data's profile (the four measurements) as the version's reference.</summary>
    public async Task StoreReferenceAsync(ModelVersion version)
    {
        var ml = Models.Ml;
        var features = ml.Transforms.SelectColumns(TrainedModels.Features).Fit(Models.PenguinsTrain).Transform(Models.PenguinsTrain);
        await Validator.StoreReferenceProfileAsync(version.Uri, Profiler.FromDataView(features), Ct);
    }

    public async Task<IReadOnlyList<JournalEntry>> JournalAsync() => await Journal.ReadAsync(1, 100_000, Ct);

    public async ValueTask DisposeAsync()
    {
        foreach (var provider in Enumerable.Reverse(_providers))
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
