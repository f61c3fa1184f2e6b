using Microsoft.ML;

namespace Mlops.Tracking.Tests;

public sealed class MlNetTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly Lazy<(MLContext Ml, ITransformer Model, IDataView Train, IDataView Test)> Trained = new(Penguins.Train);

    [Fact]
    public async Task Multiclass_evaluation_is_logged_in_one_call()
    {
        var (ml, model, _, test) = Trained.Value;
        var metrics = ml.MulticlassClassification.Evaluate(model.Transform(test));
        await using var h = new TrackingHarness();
        await using var run = await h.Tracker.StartRunAsync("penguins", cancellationToken: Ct);

        run.LogMetrics(metrics, prefix: "test_");
        await run.FlushAsync(Ct);

        var latest = (await h.Tracker.GetRunAsync(run.RunId, Ct)).LatestMetrics;
        latest["test_macro_accuracy"].Value.Should().Be(metrics.MacroAccuracy).And.BeGreaterThan(0.9);
        latest.Keys.Should().Contain(["test_micro_accuracy", "test_log_loss", "test_log_loss_reduction", "test_per_class_log_loss.0", "test_per_class_log_loss.2"]);
    }

    [Fact]
    public async Task Regression_evaluation_is_logged_in_one_call()
    {
        var ml = new MLContext(seed: 3);
        var penguins = Penguins.Load().Where(p => !float.IsNaN(p.BodyMass) && !float.IsNaN(p.FlipperLength)).ToList();
        var data = ml.Data.LoadFromEnumerable(penguins);
        var model = ml.Transforms.Concatenate("Features", nameof(Penguin.FlipperLength))
            .Append(ml.Regression.Trainers.Sdca(labelColumnName: nameof(Penguin.BodyMass), maximumNumberOfIterations: 50))
            .Fit(data);
        var metrics = ml.Regression.Evaluate(model.Transform(data), labelColumnName: nameof(Penguin.BodyMass));
        await using var h = new TrackingHarness();
        await using var run = await h.Tracker.StartRunAsync("mass", cancellationToken: Ct);

        run.LogMetrics(metrics);
        await run.FlushAsync(Ct);

        var latest = (await h.Tracker.GetRunAsync(run.RunId, Ct)).LatestMetrics;
        latest["rmse"].Value.Should().Be(metrics.RootMeanSquaredError);
        latest.Keys.Should().Contain(["mae", "mse", "r_squared", "loss"]);
    }

    [Fact]
    public async Task A_logged_model_loads_back_and_predicts_like_the_original()
    {
        var (ml, model, train, test) = Trained.Value;
        await using var h = new TrackingHarness();
        await using var run = await h.Tracker.StartRunAsync("penguins", cancellationToken: Ct);

        var artifact = await run.LogModelAsync(ml, model, train.Schema, cancellationToken: Ct);

        artifact.Path.Should().Be("model/model.zip");
        var stored = await h.Tracker.GetRunAsync(run.RunId, Ct);
        stored.Tags.Should().Contain(RunTags.ModelFlavor, "mlnet").And.Contain(RunTags.ModelPath, "model");
        (await h.Tracker.ListArtifactsAsync(run.RunId, "model", Ct)).Select(a => a.Path).Should().Equal("model/MLmodel.json", "model/model.zip");

        await using var stream = await h.Tracker.OpenArtifactAsync(run.RunId, "model/model.zip", Ct);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, Ct);
        copy.Position = 0;
        var loaded = ml.Model.Load(copy, out var schema);
        schema.GetColumnOrNull(nameof(Penguin.BeakLength)).Should().NotBeNull();
        var original = ml.Model.CreatePredictionEngine<Penguin, SpeciesPrediction>(model);
        var reloaded = ml.Model.CreatePredictionEngine<Penguin, SpeciesPrediction>(loaded);
        foreach (var penguin in ml.Data.CreateEnumerable<Penguin>(test, reuseRowObject: false).Take(50))
        {
            reloaded.Predict(penguin).PredictedSpecies.Should().Be(original.Predict(penguin).PredictedSpecies);
        }
    }
}
