using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.ML;
using Microsoft.ML.Data;
using Mlops.Governance;
using Mlops.Registry;
using Mlops.Tracking;
using Mlops.Validation;
using Mlops.Validation.Evaluation;
using Mlops.Validation.Profiles;

namespace Mlops.AspNetCore.Tests.Dashboard;

/// <summary>What <see cref="DashboardSeed.FillAsync"/> wrote, for tests to compare the pages with.</summary>
/// <param name="RunIds">Run id by run name.</param>
/// <param name="Steps">The steps every trained run logged its metrics at.</param>
/// <param name="Version">The registered version (authored by alice).</param>
/// <param name="RequestId">The pending promotion request (carol asks for 'production' → version 1).</param>
public sealed record DashboardSeedResult(IReadOnlyDictionary<string, string> RunIds, IReadOnlyList<long> Steps, ModelVersion Version, string RequestId);

/// <summary>
/// Fills a store the way a team would: alice trains SDCA on the penguins data at three L2 strengths through the tracker,
/// logging macro accuracy and log loss after 1, 2, 4 and 8 passes; the first run logs its model and dataset, it is
/// registered and aliased 'champion' with its reference profile; "validator" attaches a validation report (evaluation and
/// drift on the held-out rows); carol asks for 'production'. Each actor is its own service provider on the same files.
/// </summary>
public static class DashboardSeed
{
    public const string Experiment = "penguins-sdca";

    public static readonly IReadOnlyList<(string Name, float L2)> Runs = [("sdca-l2-0.001", 0.001f), ("sdca-l2-0.1", 0.1f), ("sdca-l2-10", 10f)];

    public static readonly IReadOnlyList<long> Steps = [1, 2, 4, 8];

    /// <summary>The child run under the first run.</summary>
    public const string ChildRun = "holdout-check";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<DashboardSeedResult> FillAsync(TrainedModels models, string root)
    {
        var ml = new MLContext(seed: 7);
        var data = ml.Data.LoadFromEnumerable(models.Penguins);
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.3, seed: 7);
        var runIds = new Dictionary<string, string>(StringComparer.Ordinal);
        ModelVersion version;
        await using (var alice = Provider(root, "alice"))
        {
            var tracker = alice.GetRequiredService<IExperimentTracker>();
            var training = await Datasets.FromFileAsync(SampleData.PenguinsPath, "penguins", "training", cancellationToken: Ct);
            TransformerChain<Microsoft.ML.Transforms.KeyToValueMappingTransformer>? first = null;
            foreach (var (name, l2) in Runs)
            {
                await using var run = await tracker.StartRunAsync(Experiment, new RunOptions { RunName = name }, Ct);
                runIds[name] = run.RunId;
                await run.LogParamAsync("trainer", "SdcaMaximumEntropy", Ct);
                await run.LogParamAsync("l2", l2.ToString(CultureInfo.InvariantCulture), Ct);
                await run.LogDatasetAsync(training, Ct);
                TransformerChain<Microsoft.ML.Transforms.KeyToValueMappingTransformer> model = null!;
                foreach (var step in Steps)
                {
                    model = Pipeline(ml, l2, (int)step).Fit(split.TrainSet);
                    var metrics = ml.MulticlassClassification.Evaluate(model.Transform(split.TestSet));
                    run.LogMetric("macro_accuracy", metrics.MacroAccuracy, step);
                    run.LogMetric("log_loss", metrics.LogLoss, step);
                }

                if (first is null)
                {
                    first = model;
                    await run.LogModelAsync(ml, model, split.TrainSet.Schema, cancellationToken: Ct);
                    await using var child = await run.StartChildRunAsync(ChildRun, Ct);
                    child.LogMetric("holdout_rows", split.TestSet.GetRowCount() ?? 0);
                }
            }

            var registry = alice.GetRequiredService<IModelRegistry>();
            version = await registry.RegisterVersionFromRunAsync("penguins", $"runs:/{runIds[Runs[0].Name]}/model",
                new RegisterVersionOptions().WithTypes<Penguin, SpeciesPrediction>(), Ct);
            await registry.SetAliasAsync("penguins", "champion", version.Version, "first trained model", Ct);
            var features = ml.Transforms.SelectColumns(TrainedModels.Features).Fit(split.TrainSet).Transform(split.TrainSet);
            await alice.GetRequiredService<IModelValidator>().StoreReferenceProfileAsync(version.Uri, Profiler.FromDataView(features), Ct);
        }

        await using (var validatorActor = Provider(root, "validator"))
        {
            var validator = validatorActor.GetRequiredService<IModelValidator>();
            var report = await validator.ValidateAsync(new ValidationRequest(version.Uri, split.TestSet, new ModelEvaluationOptions(EvaluationTask.MulticlassClassification))
            {
                Thresholds = new Dictionary<string, MetricThreshold> { ["macro_accuracy"] = new(Threshold: 0.5) },
                ReferenceData = split.TrainSet,
                DriftColumns = TrainedModels.Features,
            }, Ct);
            await validator.AttachAsync(report, Ct);
        }

        string requestId;
        await using (var carol = Provider(root, "carol"))
        {
            requestId = (await carol.GetRequiredService<IPromotionWorkflow>().RequestAsync("penguins", "production", version.Version, "validated on the held-out rows", Ct)).Id;
        }

        return new DashboardSeedResult(runIds, Steps, version, requestId);
    }

    /// <summary>The same Mlops configuration the dashboard app uses, acting as <paramref name="actor"/>.</summary>
    public static MlopsBuilder Configure(MlopsBuilder m, string root, string actor) => m
        .UseSqlite($"Data Source={Path.Combine(root, "mlops.db")}")
        .UseFileSystemArtifacts(Path.Combine(root, "artifacts"))
        .UseActor(actor)
        .AddTracking(o => o.CaptureEnvironment = false)
        .AddRegistry(o => o.TempDirectory = Path.Combine(root, "tmp"))
        .AddValidation()
        .AddGovernance();

    private static ServiceProvider Provider(string root, string actor)
    {
        var services = new ServiceCollection();
        services.AddLogging(l => l.ClearProviders());
        services.AddMlops(m => Configure(m, root, actor));
        return services.BuildServiceProvider();
    }

    private static EstimatorChain<Microsoft.ML.Transforms.KeyToValueMappingTransformer> Pipeline(MLContext ml, float l2, int passes) =>
        ml.Transforms.Conversion.MapValueToKey("Label", nameof(Penguin.Species))
            .Append(ml.Transforms.ReplaceMissingValues(TrainedModels.Features.Select(f => new InputOutputColumnPair(f)).ToArray()))
            .Append(ml.Transforms.Concatenate("Features", TrainedModels.Features))
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(l2Regularization: l2, maximumNumberOfIterations: passes))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedSpecies", "PredictedLabel"));
}
