using Microsoft.ML;

namespace Mlops.Registry.Onnx.Tests;

/// <summary>ML.NET → ONNX (OnnxModelExport) → the onnx flavor: the same predictions on every held-out row.</summary>
public sealed class RoundTripTests(TrainedModels models)
{
    /// <summary>Measured 8.3e-7 here; ONNX Runtime and ML.NET evaluate the same float32 arithmetic in a different order.</summary>
    private const float ScoreTolerance = 1e-4f;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Penguins_onnx_predicts_the_same_class_and_scores_as_MLNET_on_every_test_row()
    {
        using var loaded = await Load(models.PenguinsOnnx);
        var onnx = loaded.CreatePredictionEngine<Penguin, SpeciesPrediction>();
        var mlnet = models.Ml.Model.CreatePredictionEngine<Penguin, SpeciesPrediction>(models.PenguinsModel);

        models.PenguinsTest.Should().HaveCountGreaterThan(90);
        var largest = 0f;
        foreach (var penguin in models.PenguinsTest)
        {
            var expected = mlnet.Predict(penguin);
            var actual = onnx.Predict(penguin);
            actual.PredictedSpecies.Should().Be(expected.PredictedSpecies);
            actual.PredictedLabel.Should().Be(expected.PredictedLabel);
            actual.Score.Should().HaveCount(3);
            for (var i = 0; i < 3; i++)
            {
                largest = Math.Max(largest, Math.Abs(actual.Score[i] - expected.Score[i]));
            }
        }

        largest.Should().BeLessThanOrEqualTo(ScoreTolerance);
    }

    [Fact]
    public async Task Penguins_with_missing_measurements_are_imputed_the_same_way()
    {
        using var loaded = await Load(models.PenguinsOnnx);
        var onnx = loaded.CreatePredictionEngine<Penguin, SpeciesPrediction>();
        var mlnet = models.Ml.Model.CreatePredictionEngine<Penguin, SpeciesPrediction>(models.PenguinsModel);
        var withNulls = SampleData.Penguins().Where(p => float.IsNaN(p.BeakLength)).ToList();
        var partial = new Penguin { BeakLength = 46f, BeakDepth = float.NaN, FlipperLength = 215f, BodyMass = float.NaN };

        withNulls.Should().NotBeEmpty("the data set has rows whose measurements are JSON nulls");
        foreach (var penguin in withNulls.Append(partial))
        {
            var expected = mlnet.Predict(penguin);
            var actual = onnx.Predict(penguin);
            actual.PredictedSpecies.Should().Be(expected.PredictedSpecies);
            actual.Score.Should().Equal(expected.Score, (a, e) => Math.Abs(a - e) <= ScoreTolerance);
        }
    }

    [Fact]
    public async Task A_scoring_only_export_serves_callers_that_send_no_label()
    {
        using var loaded = await Load(models.PenguinsScoringOnnx);
        var onnx = loaded.CreatePredictionEngine<PenguinFeatures, SpeciesPrediction>();
        var mlnet = models.Ml.Model.CreatePredictionEngine<Penguin, SpeciesPrediction>(models.PenguinsModel);

        loaded.InputSchema.Select(c => c.Name).Should().Equal("BeakLength", "BeakDepth", "FlipperLength", "BodyMass");
        foreach (var penguin in models.PenguinsTest)
        {
            var features = PenguinFeatures.From(penguin);
            var expected = mlnet.Predict(penguin);
            var actual = onnx.Predict(features);
            actual.PredictedSpecies.Should().Be(expected.PredictedSpecies);
            actual.Score.Should().Equal(expected.Score, (a, e) => Math.Abs(a - e) <= ScoreTolerance);
        }
    }

    [Fact]
    public async Task A_scoring_only_export_still_accepts_the_label_when_given()
    {
        using var loaded = await Load(models.PenguinsScoringOnnx);
        var onnx = loaded.CreatePredictionEngine<Penguin, SpeciesPrediction>();
        var mlnet = models.Ml.Model.CreatePredictionEngine<Penguin, SpeciesPrediction>(models.PenguinsModel);

        foreach (var penguin in models.PenguinsTest.Take(20))
        {
            onnx.Predict(penguin).PredictedSpecies.Should().Be(mlnet.Predict(penguin).PredictedSpecies);
        }
    }

    [Fact]
    public async Task Batch_transform_matches_the_prediction_engine()
    {
        using var loaded = await Load(models.PenguinsOnnx);
        var data = models.Ml.Data.LoadFromEnumerable(models.PenguinsTest);
        var scored = models.Ml.Data.CreateEnumerable<SpeciesPrediction>(loaded.Transformer.Transform(data), reuseRowObject: false).ToList();
        var mlnet = models.Ml.Model.CreatePredictionEngine<Penguin, SpeciesPrediction>(models.PenguinsModel);

        scored.Select(s => s.PredictedSpecies).Should().Equal(models.PenguinsTest.Select(p => mlnet.Predict(p).PredictedSpecies));
    }

    [Fact]
    public async Task Cars_regression_onnx_matches_MLNET_within_tolerance_on_every_row()
    {
        using var loaded = await Load(models.CarsOnnx);
        var onnx = loaded.CreatePredictionEngine<Car, MpgPrediction>();
        var mlnet = models.Ml.Model.CreatePredictionEngine<Car, MpgPrediction>(models.CarsModel);

        models.Cars.Should().HaveCountGreaterThan(380);
        foreach (var car in models.Cars)
        {
            var expected = mlnet.Predict(car).Score;
            onnx.Predict(car).Score.Should().BeApproximately(expected, 1e-3f + (Math.Abs(expected) * 1e-5f));
        }
    }

    [Fact]
    public async Task The_flavor_is_named_onnx_and_the_loaded_model_keeps_its_version()
    {
        var flavor = new OnnxModelFlavor();
        var version = Versions.Of("cars");
        using var loaded = await flavor.LoadAsync(models.Ml, version, models.CarsOnnx, Ct);

        flavor.Name.Should().Be("onnx").And.Be(ModelFlavorNames.Onnx);
        loaded.Version.Should().BeSameAs(version);
        loaded.Context.Should().BeSameAs(models.Ml);
        loaded.OutputSchema["Score"].Type.Should().Be(Microsoft.ML.Data.NumberDataViewType.Single);
    }

    private Task<LoadedModel> Load(string path) => new OnnxModelFlavor().LoadAsync(models.Ml, Versions.Of("m"), path, Ct).AsTask();
}
