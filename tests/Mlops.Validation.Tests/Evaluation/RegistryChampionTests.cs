using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.ML;
using Mlops.Registry;
using Mlops.Validation.Evaluation;

namespace Mlops.Validation.Tests.Evaluation;

#pragma warning disable CA1859 // The models are used as ITransformer, as the SDK sees them.

// A real registry (SQLite file + file-system artifacts): the champion is whatever the alias points to, loaded and evaluated
// on the same split as the candidate.
public sealed class RegistryChampionTests : IAsyncDisposable
{
    private static readonly string[] AllFeatures = [nameof(Penguin.BeakLength), nameof(Penguin.BeakDepth), nameof(Penguin.FlipperLength), nameof(Penguin.BodyMass)];

    private readonly string _root = Path.Combine(Path.GetTempPath(), "mlops-validation-tests", Guid.NewGuid().ToString("N"));
    private readonly ServiceProvider _services;
    private readonly MLContext _ml = new(seed: 11);
    private readonly IDataView _train;
    private readonly IDataView _test;

    public RegistryChampionTests()
    {
        Directory.CreateDirectory(_root);
        var services = new ServiceCollection();
        services.AddMlops(m => m
            .UseSqlite($"Data Source={Path.Combine(_root, "mlops.db")}")
            .UseFileSystemArtifacts(Path.Combine(_root, "artifacts"))
            .UseActor("validator")
            .AddTracking(o => o.CaptureEnvironment = false)
            .AddRegistry(o => o.TempDirectory = Path.Combine(_root, "tmp")));
        _services = services.BuildServiceProvider();
        var split = _ml.Data.TrainTestSplit(_ml.Data.LoadFromEnumerable(PenguinData.Load()), testFraction: 0.3, seed: 11);
        _train = split.TrainSet;
        _test = split.TestSet;
    }

    private IModelRegistry Registry => _services.GetRequiredService<IModelRegistry>();

    private ITransformer Train(params string[] columns) =>
        _ml.Transforms.Conversion.MapValueToKey("Label", nameof(Penguin.Species))
            .Append(_ml.Transforms.Concatenate("Features", columns))
            .Append(_ml.Transforms.ReplaceMissingValues("Features"))
            .Append(_ml.Transforms.NormalizeMinMax("Features"))
            .Append(_ml.MulticlassClassification.Trainers.SdcaMaximumEntropy())
            .Fit(_train);

    private async Task<ModelVersion> RegisterAsync(ITransformer model)
    {
        using var stream = new MemoryStream();
        _ml.Model.Save(model, _train.Schema, stream);
        stream.Position = 0;
        return await Registry.RegisterVersionFromStreamAsync("penguins", stream, ModelFlavorNames.MlNet, cancellationToken: TestContext.Current.CancellationToken);
    }

    private static readonly Dictionary<string, MetricThreshold> Thresholds = new()
    {
        ["macro_accuracy"] = new(Threshold: 0.9, MinAbsoluteChange: 0.05),
    };

    [Fact]
    public async Task Candidate_is_gated_against_the_version_the_champion_alias_points_to()
    {
        var ct = TestContext.Current.CancellationToken;
        var weak = await RegisterAsync(Train(nameof(Penguin.BodyMass)));
        var strong = await RegisterAsync(Train(AllFeatures));
        await Registry.SetAliasAsync("penguins", "champion", weak.Version, "first model", ct);
        var options = new ModelEvaluationOptions(EvaluationTask.MulticlassClassification);

        var result = await Registry.CompareWithChampionAsync($"models:/penguins/{strong.Version}", "models:/penguins@champion", _test, options, Thresholds, ct);

        result.ChampionMetrics.Should().NotBeNull();
        result.Passed.Should().BeTrue();
        var championDirect = ModelEvaluator.ComputeMetrics(_ml, (await Registry.LoadAsync($"models:/penguins/{weak.Version}", ct)).Transformer, _test, options);
        result.ChampionMetrics.Should().Equal(championDirect, "the champion is evaluated on the same data");

        await Registry.SetAliasAsync("penguins", "champion", strong.Version, "promoted", ct);
        var again = await Registry.CompareWithChampionAsync($"models:/penguins/{strong.Version}", "models:/penguins@champion", _test, options, Thresholds, ct);
        again.Passed.Should().BeFalse("a model cannot beat itself by 0.05");
        again.Gate.Metrics[0].Checks[1].Message.Should().Contain("failed");
    }

    [Fact]
    public async Task Unset_champion_alias_skips_the_baseline_checks()
    {
        var ct = TestContext.Current.CancellationToken;
        var strong = await RegisterAsync(Train(AllFeatures));

        var result = await Registry.CompareWithChampionAsync(
            $"models:/penguins/{strong.Version}", "models:/penguins@champion", _test, new ModelEvaluationOptions(EvaluationTask.MulticlassClassification), Thresholds, ct);

        result.ChampionMetrics.Should().BeNull();
        result.Gate.BaselineAvailable.Should().BeFalse();
        result.Passed.Should().BeTrue();
        result.Gate.Metrics[0].Checks[1].Skipped.Should().BeTrue();
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
