using Microsoft.ML;
using Mlops;
using Mlops.Registry;
using Mlops.Tracking;

namespace PredictionApi.Model;

/// <summary>
/// First start on an empty store: trains the species model on the shipped penguins (the QuickStart's recipe, one trainer),
/// tracks the run, registers the model with its typed signature and points the alias at it. Serving then loads it when the
/// app starts. In a real team the model comes from a training job; this only keeps a fresh clone answering.
/// </summary>
public static partial class SpeciesModelSeeder
{
    /// <summary>Seeds the model when <paramref name="settings"/> asks for it and the store does not have it.</summary>
    public static async Task EnsureAsync(IServiceProvider services, SpeciesModelSettings settings, string dataPath, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(settings);
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SpeciesModelSeeder));
        var registry = services.GetRequiredService<IModelRegistry>();
        try
        {
            var existing = await registry.GetModelAsync(settings.Model, cancellationToken);
            if (!existing.Aliases.ContainsKey(settings.Alias))
            {
                LogAliasUnset(logger, settings.Model, settings.Alias);
            }

            return;
        }
        catch (MlopsNotFoundException) when (settings.SeedWhenMissing)
        {
            // An empty store: train and register below.
        }

        var penguins = Penguin.Load(dataPath);
        var ml = new MLContext(seed: 42);
        var split = ml.Data.TrainTestSplit(ml.Data.LoadFromEnumerable(penguins), testFraction: 0.3, seed: 42);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", nameof(Penguin.Species))
            .Append(ml.Transforms.ReplaceMissingValues(Penguin.Features.Select(f => new InputOutputColumnPair(f)).ToArray()))
            .Append(ml.Transforms.Concatenate("Features", Penguin.Features))
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy())
            .Append(ml.Transforms.Conversion.MapKeyToValue(nameof(SpeciesPrediction.PredictedSpecies), "PredictedLabel"));

        var tracker = services.GetRequiredService<IExperimentTracker>();
        string runId;
        double macroAccuracy;
        await using (var run = await tracker.StartRunAsync("penguins-species", new RunOptions { RunName = "prediction-api-seed" }, cancellationToken))
        {
            await run.LogParamsAsync(new Dictionary<string, string>
            {
                ["trainer"] = "sdca-maxent",
                ["features"] = string.Join(",", Penguin.Features),
                ["test_fraction"] = "0.3",
                ["seed"] = "42",
            }, cancellationToken);
            await run.LogDatasetAsync(await Datasets.FromFileAsync(dataPath, "penguins", "source", rowCount: penguins.Count, cancellationToken: cancellationToken), cancellationToken);
            var model = pipeline.Fit(split.TrainSet);
            var test = ml.MulticlassClassification.Evaluate(model.Transform(split.TestSet));
            macroAccuracy = test.MacroAccuracy;
            run.LogMetrics(test, prefix: "test_");
            await run.LogModelAsync(ml, model, split.TrainSet.Schema, cancellationToken: cancellationToken);
            await run.SetTagAsync("stage", "seed", cancellationToken);
            runId = run.RunId;
        }

        await tracker.FlushAsync(cancellationToken);
        var version = await registry.RegisterVersionFromRunAsync(settings.Model, $"runs:/{runId}/model", new RegisterVersionOptions
        {
            Description = $"sdca-maxent seeded by PredictionApi at first start, test macro-accuracy {macroAccuracy:F4}",
        }.WithTypes<Penguin, SpeciesPrediction>(), cancellationToken);
        await registry.SetAliasAsync(settings.Model, settings.Alias, version.Version, reason: "seeded at first start on an empty store", cancellationToken: cancellationToken);
        LogSeeded(logger, settings.Model, version.Version, settings.Alias, macroAccuracy);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded model {Model}: trained on the shipped penguins, registered version {Version}, alias {Alias} set (test macro-accuracy {MacroAccuracy:F4})")]
    private static partial void LogSeeded(ILogger logger, string model, int version, string alias, double macroAccuracy);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model {Model} is registered but has no alias {Alias}: nothing is served until someone sets it")]
    private static partial void LogAliasUnset(ILogger logger, string model, string alias);
}
