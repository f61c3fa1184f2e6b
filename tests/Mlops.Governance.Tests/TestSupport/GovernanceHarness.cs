using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.ML;
using Mlops.Journal;
using Mlops.Registry;
using Mlops.Storage;
using Mlops.Validation;
using Mlops.Validation.Profiles;

namespace Mlops.Governance.Tests;

/// <summary>
/// A real SQLite store and artifact directory under a fresh temp folder. Each actor gets its own service provider (an app
/// instance acting as that person), all on the same store, so separation of duties is tested with real actors.
/// </summary>
public sealed class GovernanceHarness : IAsyncDisposable
{
    private readonly List<ServiceProvider> _providers = [];

    public GovernanceHarness(TrainedModels models, Action<GovernanceBuilder>? governance = null)
    {
        Models = models;
        Governance = governance;
        Root = Path.Combine(Path.GetTempPath(), "mlops-governance-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public TrainedModels Models { get; }

    public string Root { get; }

    public string DatabasePath => Path.Combine(Root, "mlops.db");

    /// <summary>The governance configuration every actor's provider gets unless <see cref="As"/> is given another.</summary>
    public Action<GovernanceBuilder>? Governance { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A provider acting as <paramref name="actor"/>, with tracking, registry, validation, governance and optional serving.</summary>
    public ServiceProvider As(string actor, Action<GovernanceBuilder>? governance = null, Action<ServingBuilder>? serving = null, Action<IServiceCollection>? extra = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        extra?.Invoke(services);
        services.AddMlops(m =>
        {
            m.UseSqlite($"Data Source={DatabasePath}")
                .UseFileSystemArtifacts(Path.Combine(Root, "artifacts"))
                .UseActor(actor)
                .AddTracking(o => o.CaptureEnvironment = false)
                .AddRegistry(o => o.TempDirectory = Path.Combine(Root, "tmp"))
                .AddValidation()
                .AddGovernance(governance ?? Governance ?? (_ => { }));
            if (serving is not null)
            {
                m.AddServing(serving);
            }
        });
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        _providers.Add(provider);
        return provider;
    }

    /// <summary>Registers the penguins model as a new version, authored by <paramref name="actor"/>.</summary>
    public Task<ModelVersion> RegisterAsync(string actor, string name = "penguins", byte[]? zip = null) =>
        As(actor).GetRequiredService<IModelRegistry>().RegisterVersionFromStreamAsync(
            name, new MemoryStream(zip ?? Models.PenguinsZip), ModelFlavorNames.MlNet, new RegisterVersionOptions().WithTypes<Penguin, SpeciesPrediction>(), Ct);

    /// <summary>Stores the training data's profile (the four measurements) as the version's reference.</summary>
    public async Task StoreReferenceAsync(IServiceProvider provider, ModelVersion version)
    {
        var ml = Models.Ml;
        var features = ml.Transforms.SelectColumns(TrainedModels.Features).Fit(Models.PenguinsTrain).Transform(Models.PenguinsTrain);
        await provider.GetRequiredService<IModelValidator>().StoreReferenceProfileAsync(version.Uri, Profiler.FromDataView(features), Ct);
    }

    public async Task<IReadOnlyList<JournalEntry>> JournalAsync() =>
        await As("auditor").GetRequiredService<IJournal>().ReadAsync(1, 100_000, Ct);

    public IMlopsStore Store(IServiceProvider provider) => provider.GetRequiredService<IMlopsStore>();

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
