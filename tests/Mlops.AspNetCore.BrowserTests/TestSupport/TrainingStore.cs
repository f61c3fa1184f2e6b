using Microsoft.Extensions.DependencyInjection;
using Microsoft.ML;
using Microsoft.ML.Data;
using Mlops.Governance;
using Mlops.Registry;
using Mlops.Tracking;
using Mlops.Validation;
using Mlops.Validation.Evaluation;
using Mlops.Validation.Expectations;

namespace Mlops.AspNetCore.BrowserTests.TestSupport;

/// <summary>One tracked training run as the pages should show it: what was logged, read back from the tracker.</summary>
public sealed record TrainedRun(string RunId, string RunName, string Trainer, string L2, double TestMacroAccuracy, IReadOnlyList<double> CvMacroAccuracy);

/// <summary>
/// A SQLite store in a temp folder filled the way a team fills it: real ML.NET training on samples/data/penguins.json
/// through the tracker (params, per-fold metric history, datasets, the model), two registered versions with validation
/// reports (evaluation gate and drift against the training split, with histograms), alias <c>champion</c> on v1, and
/// promotion requests for the policy-guarded aliases made by <see cref="Author"/> — never the dashboard's approver.
/// The store stays open as the author's own service provider, so a test can file a fresh request of its own.
/// </summary>
public sealed class TrainingStore : IAsyncDisposable
{
    public const string Experiment = "penguins-species";
    public const string ModelName = "penguin-species";
    public const string Author = "alice";
    public static readonly string[] GuardedAliases = ["production", "staging"];

    private static readonly string[] Features = [nameof(Penguin.BeakLength), nameof(Penguin.BeakDepth), nameof(Penguin.FlipperLength), nameof(Penguin.BodyMass)];

    private readonly ServiceProvider _author;

    private TrainingStore(string root, ServiceProvider author, IReadOnlyList<TrainedRun> runs, List<Penguin> testRows)
    {
        Root = root;
        _author = author;
        Runs = runs;
        TestRows = testRows;
    }

    public string Root { get; }

    public string ConnectionString => StoreConnectionString(Root);

    public string ArtifactsPath => Path.Combine(Root, "artifacts");

    /// <summary>The runs in the order they were trained.</summary>
    public IReadOnlyList<TrainedRun> Runs { get; }

    /// <summary>The test split's rows (complete or not), used to feed serving's drift window.</summary>
    public IReadOnlyList<Penguin> TestRows { get; }

    public static string StoreConnectionString(string root) => $"Data Source={Path.Combine(root, "mlops.db")}";

    /// <summary>The promotion policy every host on the store enforces: a PASSED report and one approval by a non-author.</summary>
    public static void Governance(GovernanceBuilder governance)
    {
        foreach (var alias in GuardedAliases)
        {
            governance.AddPromotionPolicy(alias, policy =>
            {
                policy.Models.Add(ModelName);
                policy.RequirePassingValidation = true;
                policy.RequiredApprovals = 1;
            });
        }
    }

    public static async Task<TrainingStore> CreateAsync(CancellationToken cancellationToken)
    {
        var root = Path.Combine(Path.GetTempPath(), "mlops-browser-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        var author = new ServiceCollection()
            .AddLogging()
            .AddMlops(m => m
                .UseSqlite(StoreConnectionString(root))
                .UseFileSystemArtifacts(Path.Combine(root, "artifacts"))
                .UseActor(Author)
                .AddTracking()
                .AddRegistry(o => o.TempDirectory = Path.Combine(root, "tmp"))
                .AddValidation()
                .AddGovernance(Governance))
            .BuildServiceProvider();
        try
        {
            var (runs, testRows) = await TrainAsync(author, cancellationToken);
            return new TrainingStore(root, author, runs, testRows);
        }
        catch
        {
            await author.DisposeAsync();
            throw;
        }
    }

    /// <summary>Files a promotion request of v2 to <paramref name="alias"/> as <see cref="Author"/>; it waits for an approval.</summary>
    public Task<PromotionRequest> RequestPromotionAsync(string alias, string comment, CancellationToken cancellationToken) =>
        _author.GetRequiredService<IPromotionWorkflow>().RequestAsync(ModelName, alias, 2, comment, cancellationToken);

    public async Task<RegisteredModel> GetModelAsync(CancellationToken cancellationToken) =>
        await _author.GetRequiredService<IModelRegistry>().GetModelAsync(ModelName, cancellationToken);

    private static async Task<(IReadOnlyList<TrainedRun> Runs, List<Penguin> TestRows)> TrainAsync(IServiceProvider services, CancellationToken ct)
    {
        var tracker = services.GetRequiredService<IExperimentTracker>();
        var ml = new MLContext(seed: 42);
        var data = ml.Data.LoadFromEnumerable(SampleData.Penguins());
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.3, seed: 42);

        // Three settings: two trainers, one of them with two regularization strengths (the strong one underfits: a weak run).
        var settings = new (string Trainer, string L2, Func<IEstimator<ITransformer>> Create)[]
        {
            ("sdca-maxent", "auto", () => ml.MulticlassClassification.Trainers.SdcaMaximumEntropy()),
            ("lbfgs-maxent", "0.01", () => ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(l2Regularization: 0.01f)),
            ("lbfgs-maxent", "10", () => ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(l2Regularization: 10f)),
        };

        var runIds = new List<string>();
        foreach (var (trainer, l2Text, create) in settings)
        {
            var pipeline = Pipeline(ml, create());
            await using var run = await tracker.StartRunAsync(Experiment, new RunOptions { RunName = $"{trainer}-l2-{l2Text}" }, ct);
            await run.LogParamsAsync(new Dictionary<string, string>
            {
                ["trainer"] = trainer,
                ["l2"] = l2Text,
                ["test_fraction"] = "0.3",
                ["seed"] = "42",
            }, ct);
            await run.LogDatasetAsync(Datasets.FromDataView(split.TrainSet, "penguins-train", SampleData.PenguinsPath, "training"), ct);
            await run.LogDatasetAsync(Datasets.FromDataView(split.TestSet, "penguins-test", SampleData.PenguinsPath, "evaluation"), ct);

            // The metric history: one step per cross-validation fold.
            foreach (var fold in ml.MulticlassClassification.CrossValidate(split.TrainSet, pipeline, numberOfFolds: 5, seed: 42))
            {
                run.LogMetric("cv_macro_accuracy", fold.Metrics.MacroAccuracy, fold.Fold);
                run.LogMetric("cv_log_loss", fold.Metrics.LogLoss, fold.Fold);
            }

            var model = pipeline.Fit(split.TrainSet);
            run.LogMetrics(ml.MulticlassClassification.Evaluate(model.Transform(split.TestSet)), prefix: "test_");
            await run.LogModelAsync(ml, model, split.TrainSet.Schema, cancellationToken: ct);
            await run.SetTagAsync("stage", "browser-tests", ct);
            runIds.Add(run.RunId);
        }

        await tracker.FlushAsync(ct);
        var runs = new List<TrainedRun>();
        foreach (var runId in runIds)
        {
            var stored = await tracker.GetRunAsync(runId, ct);
            var history = await tracker.GetMetricHistoryAsync(runId, "cv_macro_accuracy", ct);
            runs.Add(new TrainedRun(runId, stored.Info.RunName, stored.Params["trainer"], stored.Params["l2"],
                stored.LatestMetrics["test_macro_accuracy"].Value, history.OrderBy(m => m.Step).Select(m => m.Value).ToList()));
        }

        // v1 from the sdca run (champion), v2 from the first lbfgs run: both validated on the test split, drift against
        // the training split, and the reports attached (the promotion policy needs a PASSED one).
        var registry = services.GetRequiredService<IModelRegistry>();
        var validator = services.GetRequiredService<IModelValidator>();
        var profile = Mlops.Validation.Profiles.Profiler.FromDataView(split.TrainSet, cancellationToken: ct);
        var suite = ExpectationSuite.CreateBuilder("penguins-input")
            .ExpectTableRowCountToBeBetween(20, 10_000)
            .ExpectColumnValuesToBeInSet(nameof(Penguin.Species), ["Adelie", "Chinstrap", "Gentoo"])
            .ExpectColumnValuesToNotBeNull(nameof(Penguin.BeakLength), mostly: 0.95)
            .ExpectColumnValuesToBeBetween(nameof(Penguin.BeakLength), 25, 70)
            .ExpectColumnValuesToBeBetween(nameof(Penguin.FlipperLength), 150, 250)
            .ExpectColumnValuesToBeBetween(nameof(Penguin.BodyMass), 2000, 7000)
            .Build();
        foreach (var run in runs.Take(2))
        {
            var version = await registry.RegisterVersionFromRunAsync(ModelName, $"runs:/{run.RunId}/model", new RegisterVersionOptions
            {
                Description = $"{run.Trainer}, l2 {run.L2}, test macro-accuracy {run.TestMacroAccuracy:F4}",
            }.WithTypes<Penguin, SpeciesPrediction>(), ct);
            await validator.StoreReferenceProfileAsync(version.Uri, profile, ct);
            var report = await validator.ValidateAsync(new ValidationRequest(version.Uri, split.TestSet, new ModelEvaluationOptions(EvaluationTask.MulticlassClassification))
            {
                Thresholds = new Dictionary<string, MetricThreshold> { ["macro_accuracy"] = new(Threshold: 0.9, MinAbsoluteChange: 0) },
                ReferenceData = split.TrainSet,
                Expectations = suite,
                DriftColumns = Features,
            }, ct);
            if (report.Verdict != ValidationVerdict.Passed)
            {
                throw new InvalidOperationException($"{version.Uri} did not pass validation: {string.Join("; ", report.FailedChecks)}");
            }

            await validator.AttachAsync(report, ct);
            if (version.Version == 1)
            {
                await registry.SetAliasAsync(ModelName, "champion", 1, reason: "first validated version", cancellationToken: ct);
            }
        }

        var testRows = ml.Data.CreateEnumerable<Penguin>(split.TestSet, reuseRowObject: false).ToList();
        return (runs, testRows);
    }

    private static EstimatorChain<Microsoft.ML.Transforms.KeyToValueMappingTransformer> Pipeline(MLContext ml, IEstimator<ITransformer> trainer) =>
        ml.Transforms.Conversion.MapValueToKey("Label", nameof(Penguin.Species))
            .Append(ml.Transforms.ReplaceMissingValues(Features.Select(f => new InputOutputColumnPair(f)).ToArray()))
            .Append(ml.Transforms.Concatenate("Features", Features))
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(trainer)
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedSpecies", "PredictedLabel"));

    public async ValueTask DisposeAsync()
    {
        await _author.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>The model's answer (the pipeline maps the predicted key back to the species name).</summary>
public sealed class SpeciesPrediction
{
    public string PredictedSpecies { get; set; } = "";

    public float[] Score { get; set; } = [];
}
