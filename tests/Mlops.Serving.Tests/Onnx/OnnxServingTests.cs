using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.ML;
using Mlops.Registry;
using Mlops.Registry.Onnx;

namespace Mlops.Serving.Tests.Onnx;

/// <summary>What a caller that has no label sends: the four measurements.</summary>
public sealed class PenguinMeasurements
{
    public float BeakLength { get; set; }

    public float BeakDepth { get; set; }

    public float FlipperLength { get; set; }

    public float BodyMass { get; set; }
}

/// <summary>The penguins champion exported to ONNX, registered as an <c>onnx</c> version and served like the ML.NET one.</summary>
public sealed class OnnxServingTests(TrainedModels models)
{
    /// <summary>ONNX Runtime and ML.NET evaluate the same float32 arithmetic in a different order (the registry's round-trip tests measured 8.3e-7).</summary>
    private const float ScoreTolerance = 1e-4f;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_onnx_version_served_through_IPredictor_agrees_with_the_MLNET_version_on_every_test_row()
    {
        await using var harness = new ServingHarness(models);
        var (mlnet, onnx) = await RegisterBothAsync(harness);
        var app = harness.Open(
            s => s
                .AddModel<Penguin, SpeciesPrediction>("penguins", o => { o.Key = "mlnet"; o.Version = mlnet.Version; })
                .AddModel<Penguin, SpeciesPrediction>("penguins", o => { o.Key = "onnx"; o.Version = onnx.Version; }),
            WithOnnx);
        await app.GetRequiredService<IModelServer>().SyncAsync(Ct);
        var fromMlnet = app.GetRequiredKeyedService<IPredictor<Penguin, SpeciesPrediction>>("mlnet");
        var fromOnnx = app.GetRequiredKeyedService<IPredictor<Penguin, SpeciesPrediction>>("onnx");

        fromOnnx.Status.Should().Match<ServedModelStatus>(s => s.Health == ServingHealth.Healthy && s.Live!.Version == onnx.Version);
        fromOnnx.Status.Live!.Digest.Should().Be(onnx.ArtifactDigest);
        var rows = models.PenguinsTest;
        rows.Should().HaveCountGreaterThan(90);
        foreach (var row in rows)
        {
            var expected = fromMlnet.Predict(row);
            var actual = fromOnnx.PredictWithDetails(row);
            actual.Version.Should().Be(onnx.Version);
            actual.Output.PredictedSpecies.Should().Be(expected.PredictedSpecies);
            actual.Output.Score.Should().Equal(expected.Score, (a, e) => Math.Abs(a - e) <= ScoreTolerance);
        }

        fromOnnx.PredictBatch(rows).Select(o => o.PredictedSpecies).Should().Equal(fromMlnet.PredictBatch(rows).Select(o => o.PredictedSpecies));

        // Rows with missing measurements are imputed the same way by both.
        foreach (var row in models.Penguins.Where(p => float.IsNaN(p.BodyMass)))
        {
            fromOnnx.Predict(row).PredictedSpecies.Should().Be(fromMlnet.Predict(row).PredictedSpecies);
        }
    }

    [Fact]
    public async Task The_scoring_only_onnx_version_serves_callers_that_send_only_the_measurements()
    {
        await using var harness = new ServingHarness(models);
        var (mlnet, onnx) = await RegisterBothAsync(harness);
        var app = harness.Open(
            s => s
                .AddModel<Penguin, SpeciesPrediction>("penguins", mlnet.Version)
                .AddModel<PenguinMeasurements, SpeciesPrediction>("penguins", o => { o.Key = "measurements"; o.Version = onnx.Version; }),
            WithOnnx);
        await app.GetRequiredService<IModelServer>().SyncAsync(Ct);
        var reference = app.GetRequiredService<IPredictor<Penguin, SpeciesPrediction>>();
        var predictor = app.GetRequiredService<IPredictor<PenguinMeasurements, SpeciesPrediction>>();

        predictor.Key.Should().Be("measurements");
        predictor.Status.Health.Should().Be(ServingHealth.Healthy);
        foreach (var row in models.PenguinsTest)
        {
            var measurements = new PenguinMeasurements { BeakLength = row.BeakLength, BeakDepth = row.BeakDepth, FlipperLength = row.FlipperLength, BodyMass = row.BodyMass };
            predictor.Predict(measurements).PredictedSpecies.Should().Be(reference.Predict(row).PredictedSpecies);
        }
    }

    [Fact]
    public async Task Moving_the_alias_from_the_MLNET_version_to_the_onnx_version_hot_swaps_and_back()
    {
        await using var harness = new ServingHarness(models);
        var (mlnet, onnx) = await RegisterBothAsync(harness);
        await harness.Registry.SetAliasAsync("penguins", "champion", mlnet.Version, cancellationToken: Ct);
        var app = harness.Open(s => s.AddModel<Penguin, SpeciesPrediction>("penguins", "champion"), WithOnnx);
        var server = app.GetRequiredService<IModelServer>();
        var predictor = app.GetRequiredService<IPredictor<Penguin, SpeciesPrediction>>();
        await server.SyncAsync(Ct);
        var rows = models.PenguinsTest;
        var before = rows.Select(r => predictor.PredictWithDetails(r)).ToList();
        before.Should().OnlyContain(p => p.Version == mlnet.Version);

        await harness.Registry.SetAliasAsync("penguins", "champion", onnx.Version, "serve the onnx export", Ct);
        await server.SyncAsync(Ct);

        var status = server.GetStatus("penguins");
        status.Live!.Version.Should().Be(onnx.Version);
        status.Live.Digest.Should().Be(onnx.ArtifactDigest);
        status.Live.Cause.Reason.Should().Be("serve the onnx export");
        status.Health.Should().Be(ServingHealth.Healthy);
        var after = rows.Select(r => predictor.PredictWithDetails(r)).ToList();
        after.Should().OnlyContain(p => p.Version == onnx.Version);
        after.Select(p => p.Output.PredictedSpecies).Should().Equal(before.Select(p => p.Output.PredictedSpecies));

        await harness.Registry.SetAliasAsync("penguins", "champion", mlnet.Version, cancellationToken: Ct);
        await server.SyncAsync(Ct);
        predictor.PredictWithDetails(rows[0]).Version.Should().Be(mlnet.Version);
        var generations = app.GetRequiredKeyedService<Internal.ServedModel<Penguin, SpeciesPrediction>>("penguins").Generations;
        generations.CreatedCount.Should().Be(3);
        generations.Live.Should().Be(1, "the replaced ML.NET and ONNX generations are disposed");
    }

    private static void WithOnnx(IServiceCollection services) => services.AddMlops(m => m.AddOnnxFlavor());

    /// <summary>Registers the ML.NET champion as version 1 and its scoring-only ONNX export as version 2.</summary>
    private async Task<(ModelVersion MlNet, ModelVersion Onnx)> RegisterBothAsync(ServingHarness harness)
    {
        var mlnet = await harness.RegisterAsync(models.PenguinsZip);
        var champion = models.Ml.Model.Load(new MemoryStream(models.PenguinsZip), out _);
        using var file = new MemoryStream();
        OnnxModelExport.Export(models.Ml, champion, models.PenguinsTrain, file, ["PredictedSpecies", "PredictedLabel", "Score"]);
        file.Position = 0;

        // The admin provider of the harness has no onnx flavor; an admin with it registers the export.
        var registry = harness.Open(null, WithOnnx).GetRequiredService<IModelRegistry>();
        var onnx = await registry.RegisterVersionFromStreamAsync("penguins", file, ModelFlavorNames.Onnx,
            new RegisterVersionOptions { Description = "ONNX export of version 1" }.WithTypes<Penguin, SpeciesPrediction>(), Ct);
        onnx.Flavor.Should().Be(ModelFlavorNames.Onnx);
        return (mlnet, onnx);
    }
}
