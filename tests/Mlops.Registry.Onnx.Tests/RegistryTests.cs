using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Mlops.Registry.Onnx.Tests;

/// <summary>The ONNX flavor behind the registry: a real SQLite file and artifact folder.</summary>
public sealed class RegistryTests(TrainedModels models) : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("mlops-onnx-registry-").FullName;
    private ServiceProvider _provider = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IModelRegistry Registry => _provider.GetRequiredService<IModelRegistry>();

    public ValueTask InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddMlops(m => m
            .UseSqlite($"Data Source={Path.Combine(_root, "mlops.db")}")
            .UseFileSystemArtifacts(Path.Combine(_root, "artifacts"))
            .UseActor("alice")
            .AddRegistry(o => o.TempDirectory = Path.Combine(_root, "tmp"))
            .AddOnnxFlavor());
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task An_onnx_version_registers_with_its_signature_and_loads_by_alias()
    {
        var version = await Registry.RegisterVersionFromFileAsync("penguins", models.PenguinsScoringOnnx, ModelFlavorNames.Onnx, cancellationToken: Ct);
        await Registry.SetAliasAsync("penguins", "champion", version.Version, "onnx export", Ct);

        var loaded = await Registry.LoadAsync("models:/penguins@champion", Ct);

        version.Flavor.Should().Be("onnx");
        var signature = ModelSignature.FromJson(version.Signature!);
        signature.Outputs.Select(o => o.Name).Should().BeEquivalentTo("PredictedSpecies", "PredictedLabel", "Score");
        loaded.Version.Version.Should().Be(version.Version);
        var engine = loaded.CreatePredictionEngine<PenguinFeatures, SpeciesPrediction>();
        var mlnet = models.Ml.Model.CreatePredictionEngine<Penguin, SpeciesPrediction>(models.PenguinsModel);
        foreach (var penguin in models.PenguinsTest.Take(25))
        {
            var features = PenguinFeatures.From(penguin);
            engine.Predict(features).PredictedSpecies.Should().Be(mlnet.Predict(penguin).PredictedSpecies);
        }
    }

    [Fact]
    public async Task Disposing_a_prediction_engine_leaves_the_onnx_model_and_its_other_engines_working()
    {
        var version = await Registry.RegisterVersionFromFileAsync("penguins", models.PenguinsScoringOnnx, ModelFlavorNames.Onnx, cancellationToken: Ct);
        using var owned = await Registry.LoadOwnedAsync(version.Uri, Ct);
        var penguin = models.PenguinsTest[0];
        var features = PenguinFeatures.From(penguin);
        var expected = models.Ml.Model.CreatePredictionEngine<Penguin, SpeciesPrediction>(models.PenguinsModel).Predict(penguin).PredictedSpecies;
        var other = owned.CreatePredictionEngine<PenguinFeatures, SpeciesPrediction>();

        using (var engine = owned.CreatePredictionEngine<PenguinFeatures, SpeciesPrediction>())
        {
            engine.Predict(features).PredictedSpecies.Should().Be(expected);
        }

        // ML.NET's engine disposes the transformer it was made from; for ONNX that is the session all engines share.
        other.Predict(features).PredictedSpecies.Should().Be(expected, "the engine made before is still served by the model's session");
        owned.CreatePredictionEngine<PenguinFeatures, SpeciesPrediction>().Predict(features).PredictedSpecies.Should().Be(expected);
    }

    [Fact]
    public async Task Disposing_a_cached_onnx_model_leaves_it_working_for_every_other_caller_and_an_owned_copy_is_the_callers()
    {
        var version = await Registry.RegisterVersionFromFileAsync("penguins", models.PenguinsScoringOnnx, ModelFlavorNames.Onnx, cancellationToken: Ct);
        var penguin = models.PenguinsTest[0];
        var features = PenguinFeatures.From(penguin);

        LoadedModel first;
        using (first = await Registry.LoadAsync(version.Uri, Ct))
        {
            first.IsShared.Should().BeTrue();
            first.CreatePredictionEngine<PenguinFeatures, SpeciesPrediction>().Predict(features);
        }

        var again = await Registry.LoadAsync(version.Uri, Ct);
        using var owned = await Registry.LoadOwnedAsync(version.Uri, Ct);

        var mlnet = models.Ml.Model.CreatePredictionEngine<Penguin, SpeciesPrediction>(models.PenguinsModel);
        again.Should().BeSameAs(first, "the cache serves the same instance");
        again.CreatePredictionEngine<PenguinFeatures, SpeciesPrediction>().Predict(features).PredictedSpecies
            .Should().Be(mlnet.Predict(penguin).PredictedSpecies, "the ONNX session behind the cached model was not disposed by the using above");
        owned.IsShared.Should().BeFalse("a private copy belongs to the caller, who disposes it");
        owned.Should().NotBeSameAs(again);
    }

    [Fact]
    public async Task Declared_types_are_checked_against_the_onnx_model()
    {
        var fits = await Registry.RegisterVersionFromFileAsync("cars", models.CarsOnnx, ModelFlavorNames.Onnx,
            new RegisterVersionOptions { InputType = typeof(Car), OutputType = typeof(MpgPrediction) }, Ct);

        var mismatch = async () => await Registry.RegisterVersionFromFileAsync("cars", models.CarsOnnx, ModelFlavorNames.Onnx,
            new RegisterVersionOptions { InputType = typeof(Car), OutputType = typeof(SpeciesPrediction) }, Ct);

        fits.Version.Should().Be(1);
        (await mismatch.Should().ThrowAsync<MlopsSchemaMismatchException>()).Which.Column.Should().Be("PredictedSpecies");
    }

    [Fact]
    public async Task The_mlnet_and_onnx_versions_of_one_model_predict_alike_through_the_registry()
    {
        var zip = await Registry.RegisterVersionFromFileAsync("penguins", models.PenguinsZip, ModelFlavorNames.MlNet, cancellationToken: Ct);
        var onnx = await Registry.RegisterVersionFromFileAsync("penguins", models.PenguinsOnnx, ModelFlavorNames.Onnx, cancellationToken: Ct);

        var mlnetEngine = (await Registry.LoadAsync($"models:/penguins/{zip.Version}", Ct)).CreatePredictionEngine<Penguin, SpeciesPrediction>();
        var onnxEngine = (await Registry.LoadAsync($"models:/penguins/{onnx.Version}", Ct)).CreatePredictionEngine<Penguin, SpeciesPrediction>();

        foreach (var penguin in models.PenguinsTest)
        {
            onnxEngine.Predict(penguin).PredictedSpecies.Should().Be(mlnetEngine.Predict(penguin).PredictedSpecies);
        }
    }
}
