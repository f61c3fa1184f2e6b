// Mlops.Sdk QuickStart: the model lifecycle on the embedded default (SQLite + files under ./.mlops).
// Stage 1 — track: train real ML.NET models on the Palmer penguins, with params, per-fold metrics, the dataset,
//           the environment and the model artifact; then read the run back and search across every run so far.
// Stage 2 — register: the best run's model becomes a version of "penguin-species" (typed signature checked against
//           Penguin/SpeciesPrediction), alias "champion" moves to it, and it is loaded back by URI to predict real rows.
//           The champion is also exported to ONNX, registered as the next version (flavor "onnx") and checked to
//           predict the same species as the ML.NET version on every test row.
// Stage 3 — validate: before "champion" moves, the candidate is checked on the test split: data expectations, drift
//           against the training split, the evaluation gate (macro-accuracy ≥ 0.9 and not below the current champion,
//           both scored on the same rows) and fairness by sex. The report is stored with the version and journaled;
//           the alias moves only when the verdict is PASSED.
// Stage 4 — serve and monitor: an app host serves "champion" through IPredictor<Penguin, SpeciesPrediction>,
//           answers an MLflow-format request over HTTP (ASP.NET Core, MapMlopsInvocations), shows it on the dashboard, keeps
//           predicting while a retrain of the champion's recipe runs as the standard lifecycle pipeline (load data →
//           validate data → train → evaluate → register → validate vs champion → promote; each execution a tracked run,
//           each step a nested run) and makes it champion: the hot swap fails no prediction. The same pipeline on the same
//           data again takes its first four steps from the cache. Serving metrics print through OpenTelemetry's console
//           exporter, and a shifted batch of real rows (the heaviest penguins) trips online drift against the reference
//           profile: health degraded, journal entry — which a retraining worker's drift trigger claims, running the
//           pipeline again; serving swaps to what it promoted.
// Stage 5 — govern: a policy guards alias "production" (a PASSED validation report and one approval by someone other than
//           the version's author). A direct move is denied, the author's promotion request is approved by a second actor
//           ("reviewer") and the alias moves; the kill switch stops and restarts serving; the model card is generated
//           (written fields + everything the store knows) and the audit trail is verified, exported and verified offline.
// Stage 6 — move up: the whole store, journal and artifacts included, is copied with MlopsStoreCopy into an empty store
//           (PostgreSQL when MLOPS_QUICKSTART_POSTGRES is set, else a new SQLite file) and its journal verified there.
// Run it again and it adds runs and versions to the same store.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.ML;
using Mlops;
using Mlops.Governance;
using Mlops.Journal;
using Mlops.Pipelines;
using Mlops.Pipelines.Triggers;
using Mlops.Registry;
using Mlops.Serving;
using Mlops.Storage;
using Mlops.Tracking;
using Mlops.Validation;
using Mlops.Validation.Drift;
using Mlops.Validation.Evaluation;
using Mlops.Validation.Expectations;
using OpenTelemetry.Metrics;
using QuickStart;

var clock = Stopwatch.StartNew();
var storeDirectory = Path.GetFullPath(Environment.GetEnvironmentVariable("MLOPS_QUICKSTART_STORE") ?? ".mlops");

var builder = Host.CreateApplicationBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddMlops(mlops => mlops
    .UseSqlite($"Data Source={Path.Combine(storeDirectory, "mlops.db")}")
    .UseFileSystemArtifacts(Path.Combine(storeDirectory, "artifacts"))
    .AddTracking()
    .AddRegistry()
    .AddOnnxFlavor()
    .AddValidation()
    .AddPipelines() // stage 4: the retrain runs as the standard lifecycle pipeline
    .AddGovernance(Governance)); // stage 5: the promotion policy for "production"

using var host = builder.Build();
await host.StartAsync();
var tracker = host.Services.GetRequiredService<IExperimentTracker>();

Step($"Store: {storeDirectory}");
var dataPath = Path.Combine(AppContext.BaseDirectory, "data", "penguins.json");
var penguins = Penguin.Load(dataPath);
var ml = new MLContext(seed: 42);
var data = ml.Data.LoadFromEnumerable(penguins);
var split = ml.Data.TrainTestSplit(data, testFraction: 0.3, seed: 42);
Step($"Loaded {penguins.Count} penguins from {Path.GetFileName(dataPath)} (3 species, 4 measurements)");

var trainers = new (string Name, Func<IEstimator<ITransformer>> Create)[]
{
    ("sdca-maxent", () => ml.MulticlassClassification.Trainers.SdcaMaximumEntropy()),
    ("lbfgs-maxent", () => ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(l2Regularization: 0.01f, historySize: 50)),
    ("ova-fasttree", () => ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.FastTree(numberOfLeaves: 8, numberOfTrees: 50, minimumExampleCountPerLeaf: 5))),
};

IEstimator<ITransformer> Pipeline(IEstimator<ITransformer> trainer) => ml.Transforms.Conversion.MapValueToKey("Label", nameof(Penguin.Species))
    .Append(ml.Transforms.ReplaceMissingValues(Penguin.Features.Select(f => new InputOutputColumnPair(f)).ToArray()))
    .Append(ml.Transforms.Concatenate("Features", Penguin.Features))
    .Append(ml.Transforms.NormalizeMinMax("Features"))
    .Append(trainer)
    .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedSpecies", "PredictedLabel"));

string? firstRunId = null;
foreach (var (name, create) in trainers)
{
    var pipeline = Pipeline(create());

    await using var run = await tracker.StartRunAsync("penguins-species", new RunOptions { RunName = $"{name}-{DateTime.UtcNow:HHmmss}" });
    await run.LogParamsAsync(new Dictionary<string, string>
    {
        ["trainer"] = name,
        ["features"] = string.Join(",", Penguin.Features),
        ["test_fraction"] = "0.3",
        ["cv_folds"] = "5",
        ["seed"] = "42",
    });
    await run.LogDatasetAsync(await Datasets.FromFileAsync(dataPath, "penguins", "source", rowCount: penguins.Count));
    await run.LogDatasetAsync(Datasets.FromDataView(split.TrainSet, "penguins-train", dataPath, "training"));
    await run.LogDatasetAsync(Datasets.FromDataView(split.TestSet, "penguins-test", dataPath, "evaluation"));

    // Per-fold metrics, as steps of the parent run and as nested runs.
    var folds = ml.MulticlassClassification.CrossValidate(split.TrainSet, pipeline, numberOfFolds: 5, seed: 42);
    foreach (var fold in folds)
    {
        run.LogMetric("cv_macro_accuracy", fold.Metrics.MacroAccuracy, fold.Fold);
        run.LogMetric("cv_log_loss", fold.Metrics.LogLoss, fold.Fold);
        await using var child = await run.StartChildRunAsync($"{name}-fold-{fold.Fold}");
        child.LogMetrics(fold.Metrics);
    }

    var model = pipeline.Fit(split.TrainSet);
    var test = ml.MulticlassClassification.Evaluate(model.Transform(split.TestSet));
    run.LogMetrics(test, prefix: "test_");
    await run.LogModelAsync(ml, model, split.TrainSet.Schema);
    await run.SetTagAsync("stage", "quickstart");
    Step($"Run {run.RunId[..8]} {name,-13} cv macro-acc {folds.Average(f => f.Metrics.MacroAccuracy):F3}  test macro-acc {test.MacroAccuracy:F3}");
    firstRunId ??= run.RunId;
}

await tracker.FlushAsync();

// Read the first run of this session back, as anyone on the team would.
var stored = await tracker.GetRunAsync(firstRunId!);
Step($"Run {stored.Info.RunName} ({stored.Info.Status}, by {stored.Info.User})");
Console.WriteLine($"    params : {string.Join(", ", stored.Params.Select(p => $"{p.Key}={p.Value}"))}");
Console.WriteLine($"    metrics: {string.Join(", ", stored.LatestMetrics.Values.Where(m => !m.Key.StartsWith("test_per_class", StringComparison.Ordinal)).Select(m => $"{m.Key}={m.Value:F4}"))}");
Console.WriteLine($"    inputs : {string.Join(", ", stored.Inputs.Select(i => $"{i.Name}[{i.Context}] {i.Digest[..12]}… {i.RowCount} rows"))}");
Console.WriteLine($"    source : git {(stored.Tags.TryGetValue(RunTags.GitCommit, out var commit) ? commit[..12] : "(not a repository)")}{(stored.Tags.GetValueOrDefault(RunTags.GitDirty) == "true" ? " (dirty)" : "")}, {stored.Tags[RunTags.Runtime]}");
var cvHistory = await tracker.GetMetricHistoryAsync(stored.RunId, "cv_macro_accuracy");
Console.WriteLine($"    cv     : {string.Join("  ", cvHistory.Select(m => $"fold {m.Step}: {m.Value:F3}"))}");
var artifacts = await tracker.ListArtifactsAsync(stored.RunId);
Console.WriteLine($"    files  : {string.Join(", ", artifacts.Select(a => $"{a.Path} ({a.Length:N0} B)"))}");

// Search every run so far (reruns add to the same store).
const string Filter = "metrics.test_macro_accuracy >= 0.9 AND tags.stage = 'quickstart'";
var page = await tracker.SearchRunsAsync(new RunQuery("penguins-species") { Filter = Filter, OrderBy = ["metrics.test_macro_accuracy DESC", "attributes.start_time DESC"], MaxResults = 10 });
Step($"Search: {Filter}  →  top {page.Runs.Count}");
Console.WriteLine($"    {"run",-22} {"trainer",-13} {"test macro-acc",14} {"cv log-loss",12}");
foreach (var r in page.Runs)
{
    Console.WriteLine($"    {r.Info.RunName,-22} {r.Params["trainer"],-13} {r.LatestMetrics["test_macro_accuracy"].Value,14:F4} {r.LatestMetrics["cv_log_loss"].Value,12:F4}");
}

// Stage 2: register the best run's model, point "champion" at it, load it back by URI and predict.
const string ModelName = "penguin-species";
var registry = host.Services.GetRequiredService<IModelRegistry>();
var best = page.Runs.Count > 0 ? page.Runs[0] : stored;
var version = await registry.RegisterVersionFromRunAsync(ModelName, $"runs:/{best.RunId}/model", new RegisterVersionOptions
{
    Description = $"{best.Params["trainer"]}, test macro-accuracy {best.LatestMetrics["test_macro_accuracy"].Value:F4}",
}.WithTypes<Penguin, SpeciesPrediction>());
Step($"Registered {version.Uri} ({version.Flavor}, sha256 {version.ArtifactDigest[..12]}…, signature checked against Penguin → SpeciesPrediction)");
// Stage 3: validate the candidate before it may become champion. First its reference profile (a compact, mergeable
// summary of the training data) is stored with the version, for drift checks offline now and online in serving later.
var validator = host.Services.GetRequiredService<IModelValidator>();
var profile = Mlops.Validation.Profiles.Profiler.FromDataView(split.TrainSet);
var profileDigest = await validator.StoreReferenceProfileAsync(version.Uri, profile);
Step($"Reference profile of {version.Uri}: {profile.RowCount} rows × {profile.Columns.Count} columns (sha256 {profileDigest[..12]}…)");
var suite = ExpectationSuite.CreateBuilder("penguins-input")
    .ExpectTableRowCountToBeBetween(20, 10_000)
    .ExpectColumnValuesToBeInSet(nameof(Penguin.Species), ["Adelie", "Chinstrap", "Gentoo"])
    .ExpectColumnValuesToNotBeNull(nameof(Penguin.BeakLength), mostly: 0.95)
    .ExpectColumnValuesToBeBetween(nameof(Penguin.BeakLength), 25, 70)
    .ExpectColumnValuesToBeBetween(nameof(Penguin.FlipperLength), 150, 250)
    .ExpectColumnValuesToBeBetween(nameof(Penguin.BodyMass), 2000, 7000)
    .Build();
await validator.StoreExpectationSuiteAsync(version.Uri, suite); // kept with the version; validation runs it by default
// The rules every candidate for "champion" must pass (stage 4 applies them to the ONNX export too).
ValidationRequest ChampionRules(string candidateUri) => new(candidateUri, split.TestSet, new ModelEvaluationOptions(EvaluationTask.MulticlassClassification))
{
    ChampionUri = $"models:/{ModelName}@champion",
    Thresholds = new Dictionary<string, MetricThreshold> { ["macro_accuracy"] = new(Threshold: 0.9, MinAbsoluteChange: 0) },
    ReferenceData = split.TrainSet,
    DriftColumns = Penguin.Features,
    SensitiveFeatures = [nameof(Penguin.Sex)],
    FairnessLabelColumn = nameof(Penguin.Species),
    FairnessPredictedColumn = "PredictedSpecies",
    PositiveClass = "Adelie",
};
var report = await validator.ValidateAsync(ChampionRules(version.Uri));
var attached = await validator.AttachAsync(report);
Step($"Validation of {version.Uri}: {report.Verdict.ToString().ToUpperInvariant()} (report sha256 {attached.Digest[..12]}…, journal entry {attached.JournalEntry.Sequence})");
var gate = report.Evaluation!;
Console.WriteLine($"    data   : {report.DataExpectations!.Statistics.SuccessfulExpectations}/{report.DataExpectations.Statistics.EvaluatedExpectations} expectations met on {report.DataExpectations.RowCount} test rows");
Console.WriteLine($"    drift  : {string.Join(", ", report.Drift!.Columns.Select(c => $"{c.Column} {c.Test} {(c.PValue is { } p ? $"p={p:F3}" : $"{c.Statistic:F3}")}{(c.Drifted ? " DRIFT" : "")}"))}");
Console.WriteLine($"    gate   : macro_accuracy {gate.CandidateMetrics["macro_accuracy"]:F4} vs champion {(gate.ChampionMetrics is { } champ ? champ["macro_accuracy"].ToString("F4", System.Globalization.CultureInfo.InvariantCulture) : "(none yet)")} → {(gate.Passed ? "pass" : "fail")}");
Console.WriteLine($"    fairness by sex: selection-rate ratio (Adelie) {report.Fairness!.DemographicParityRatio:F3}, {report.Fairness.FourFifthsRule.Message}");
foreach (var failure in report.FailedChecks)
{
    Console.WriteLine($"    ✗ {failure}");
}

var previous = (await registry.GetModelAsync(ModelName)).Aliases.GetValueOrDefault("champion");
if (report.Verdict == ValidationVerdict.Passed)
{
    await registry.SetAliasAsync(ModelName, "champion", version.Version, reason: $"validation passed (report {attached.Digest[..12]})");
    Step($"Alias champion: {(previous == 0 ? "(unset)" : "v" + previous)} → v{version.Version}");
}
else
{
    Step($"Alias champion stays at {(previous == 0 ? "(unset)" : "v" + previous)}: the candidate did not pass validation");
}

var champion = await registry.LoadAsync($"models:/{ModelName}@champion"); // cached and shared by the registry: not disposed here
var engine = champion.CreatePredictionEngine<Penguin, SpeciesPrediction>();
Step($"Loaded models:/{ModelName}@champion (v{champion.Version.Version}) and predicted real rows:");
foreach (var penguin in ml.Data.CreateEnumerable<Penguin>(split.TestSet, reuseRowObject: false).Where((_, i) => i % 19 == 0).Take(5))
{
    var predicted = engine.Predict(penguin).Species;
    Console.WriteLine($"    beak {penguin.BeakLength,5:F1} × {penguin.BeakDepth,4:F1} mm, flipper {penguin.FlipperLength,5:F0} mm, {penguin.BodyMass,6:F0} g → {predicted,-10} (actual {penguin.Species}{(predicted == penguin.Species ? "" : " ✗")})");
}

// The same model as ONNX: export, register as a version of flavor "onnx", load by URI, compare on every test row.
using var onnxFile = new MemoryStream();
Mlops.Registry.Onnx.OnnxModelExport.Export(champion.Context, champion.Transformer, split.TrainSet, onnxFile,
    outputColumns: ["PredictedSpecies", "PredictedLabel", "Score"]);
onnxFile.Position = 0;
var onnxVersion = await registry.RegisterVersionFromStreamAsync(ModelName, onnxFile, ModelFlavorNames.Onnx, new RegisterVersionOptions
{
    Description = $"ONNX export of v{champion.Version.Version}",
    RunId = best.RunId,
}.WithTypes<Penguin, SpeciesPrediction>());
var onnx = await registry.LoadAsync(onnxVersion.Uri);
var onnxEngine = onnx.CreatePredictionEngine<Penguin, SpeciesPrediction>();
var testRows = ml.Data.CreateEnumerable<Penguin>(split.TestSet, reuseRowObject: false).ToList();
var agree = testRows.Count(p => onnxEngine.Predict(p).Species == engine.Predict(p).Species);
Step($"Registered {onnxVersion.Uri} (onnx, {onnxVersion.ArtifactLength:N0} B): same species as v{champion.Version.Version} on {agree}/{testRows.Count} test rows");

var lineage = await registry.GetLineageAsync($"models:/{ModelName}@champion");
Step($"Lineage of v{lineage.Version.Version}: run {lineage.Run?.RunName} → datasets {string.Join(", ", lineage.Datasets.Select(d => $"{d.Name} {d.Digest[..8]}…"))} → git {(lineage.GitCommit is { } c ? c[..12] : "(none)")}");
var versions = await registry.ListVersionsAsync(ModelName);
Console.WriteLine($"    {ModelName}: {versions.Count} version(s); latest v{versions[^1].Version}");

// Stage 4: serve and monitor. The app that serves is normally another process sharing the store (it never trains), so
// here it is a second host in this process that knows only what the store says: IPredictor serves what "champion" names
// and follows it through the journal (hot swap), with OpenTelemetry metrics and online drift against the reference profile.
var driftWindow = testRows.Count; // the drift window holds as many inputs as the test split has rows
var appBuilder = WebApplication.CreateSlimBuilder(args); // an ASP.NET Core app: it also serves the model over HTTP
appBuilder.WebHost.UseUrls("http://127.0.0.1:0"); // a free loopback port
appBuilder.Logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.Error);
appBuilder.Services.AddMlops(mlops => mlops
    .UseSqlite($"Data Source={Path.Combine(storeDirectory, "mlops.db")}")
    .UseFileSystemArtifacts(Path.Combine(storeDirectory, "artifacts"))
    .AddRegistry()
    .AddOnnxFlavor()
    .AddValidation() // serving reads the reference profile stored with the version it serves
    .AddDashboard() // the dashboard, mounted below at /mlops/dashboard
    .AddServing(serving => serving.AddModel<Penguin, SpeciesPrediction>(ModelName, o =>
    {
        o.Alias = "champion";
        o.WarmupInput = testRows[0]; // each new version predicts a real row before it goes live
        o.Drift.SampleRate = 1; // every input goes into the window: this sample predicts few rows
        o.Drift.WindowSize = driftWindow;
        o.Drift.MinimumRows = driftWindow / 2;
        o.Drift.EvaluationInterval = TimeSpan.FromHours(1); // evaluated on demand below
        // A reference of ≤ 1000 rows compared as a profile gets normalized Wasserstein instead of KS, and Evidently's 0.1
        // suits large samples: a window of ~100 rows of the same population scores up to ~0.15 by chance here.
        o.Drift.Tests = new DriftOptions { DistanceThreshold = 0.25 };
    })));
appBuilder.Services.AddHealthChecks().AddMlopsServing();
using var metricsPrinter = new MetricsPrinter(); // the console exporter, printing once on the ForceFlush below
appBuilder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
    .AddMlopsInstrumentation()
    .AddView(instrument => instrument.Name switch
    {
        "mlops.serving.prediction.duration" => new ExplicitBucketHistogramConfiguration { Boundaries = [0.00001, 0.0001, 0.001] },
        _ when instrument.Name.StartsWith("mlops.serving.", StringComparison.Ordinal) => null,
        _ => MetricStreamConfiguration.Drop, // this stage prints serving's instruments only
    })
    .AddReader(new BaseExportingMetricReader(metricsPrinter))); // exports when collected: on ForceFlush (and at shutdown)
await using var app = appBuilder.Build();
app.MapMlopsPredictions();            // POST /mlops/models/penguin-species/predict and .../invocations, GET status
app.MapMlopsInvocations(ModelName);   // MLflow's scoring paths: POST /invocations, GET /ping
app.MapMlopsDashboard();              // the dashboard at /mlops/dashboard (local requests only)
await app.StartAsync();
var server = app.Services.GetRequiredService<IModelServer>();
var predictor = app.Services.GetRequiredService<IPredictor<Penguin, SpeciesPrediction>>();
await server.SyncAsync(); // the hosted service loaded the champion at start; SyncAsync catches up with the journal now
var before = predictor.Status.Live ?? throw new InvalidOperationException($"Nothing is served: {predictor.Status.LastError}");
Step($"Serving {ModelName}@champion: v{before.Version} live since {before.Since:HH:mm:ss.fff}, {predictor.Status.Health}");

// The same predictor over HTTP, in MLflow's wire format: an MLflow client pointed at this app works unchanged.
var baseAddress = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
using (var http = new HttpClient { BaseAddress = new Uri(baseAddress) })
{
    var sample = testRows.GroupBy(p => p.Species).Select(g => g.First()).ToList(); // one penguin of each species
    var body = JsonSerializer.Serialize(new
    {
        dataframe_split = new
        {
            columns = Penguin.Features,
            data = sample.Select(p => new[] { p.BeakLength, p.BeakDepth, p.FlipperLength, p.BodyMass }),
        },
    });
    using var response = await http.PostAsync("/invocations", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
    var answer = await response.Content.ReadAsStringAsync();
    var viaHttp = response.IsSuccessStatusCode
        ? JsonDocument.Parse(answer).RootElement.GetProperty("predictions").EnumerateArray().Select(p => p.GetProperty("PredictedSpecies").GetString()).ToList()
        : [];
    var inProcess = sample.Select(p => predictor.Predict(p).Species).ToList();
    Step($"HTTP: POST {baseAddress}/invocations (MLflow dataframe_split, {sample.Count} rows) → {(int)response.StatusCode} {{\"predictions\": [{string.Join(", ", viaHttp)}]}}, "
        + (viaHttp.SequenceEqual(inProcess) ? "the same species as IPredictor in process" : $"DIFFERENT from IPredictor in process ({string.Join(", ", inProcess)}): {answer}"));
}

// Predict continuously on a background thread while the main flow retrains, validates and moves "champion".
long served = 0, failed = 0;
string? firstFailure = null;
var answeredBy = new ConcurrentDictionary<int, long>();
using var stopPredicting = new CancellationTokenSource();
var predicting = Task.Run(async () =>
{
    for (var i = 0; !stopPredicting.IsCancellationRequested; i++)
    {
        if (i % 10 == 0)
        {
            await Task.Delay(1, CancellationToken.None); // a steady stream of requests, not a busy loop
        }

        try
        {
            var prediction = predictor.PredictWithDetails(testRows[i % testRows.Count]);
            answeredBy.AddOrUpdate(prediction.Version, 1, (_, n) => n + 1);
            Interlocked.Increment(ref served);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Interlocked.Increment(ref failed);
            Interlocked.CompareExchange(ref firstFailure, e.Message, null);
        }
    }
});

// Meanwhile a retrain of the champion's recipe (in production on fresh data; here on the same rows) runs as the standard
// lifecycle pipeline: load data → validate data → train → evaluate → register → validate vs champion → promote. Every
// execution is a tracked run and every step a nested run; "champion" moves only when the validation verdict is PASSED.
var recipe = (await tracker.GetRunAsync(lineage.Run!.RunId)).Params["trainer"];
var lifecycle = RetrainPipeline(recipe, $"v{champion.Version.Version}");
var runner = host.Services.GetRequiredService<IPipelineRunner>();
var retrainExecution = await runner.RunAsync(lifecycle, dataPath, new PipelineRunOptions { DisableCache = true }); // a retrain is meant to train: cache off
var retrained = await registry.GetVersionAsync(ModelName, retrainExecution.GetOutput<RegisteredVersion>(LifecyclePipeline.StepNames.Register).Version);
Step($"Pipeline {lifecycle.Name}: execution {retrainExecution.RunId[..8]} {retrainExecution.Status.ToString().ToUpperInvariant()} in {retrainExecution.Duration.TotalSeconds:F1} s");
PrintSteps(retrainExecution);
var retrainCheck = retrainExecution.GetOutput<ModelCheck>(LifecyclePipeline.StepNames.ValidateModel);
foreach (var failure in retrainCheck.FailedChecks)
{
    Console.WriteLine($"    ✗ {failure}");
}

// The same pipeline on the same data again: every step whose name, code version and input digests match an earlier
// successful execution is skipped and its output reused (marked cached); register finds the version it made, validation
// and promotion run again (never cached: the champion they compare with may have moved).
var cachedExecution = await runner.RunAsync(lifecycle, dataPath);
Step($"Pipeline {lifecycle.Name} again on the same data: execution {cachedExecution.RunId[..8]} {cachedExecution.Status.ToString().ToUpperInvariant()} in {cachedExecution.Duration.TotalSeconds:F1} s, "
    + $"{cachedExecution.Steps.Count(s => s.Outcome == StepOutcome.Cached)} of {cachedExecution.Steps.Count} steps cached");
PrintSteps(cachedExecution);

await server.SyncAsync(); // apply the move now rather than at the next poll
var onNew = Stopwatch.StartNew();
// Let the loop run on the new version for a moment: 200 answers or 2 s, but at least one answer (a busy machine may
// take longer to schedule the loop), giving up after 30 s.
while (answeredBy.GetValueOrDefault(retrained.Version) is var onRetrained && onRetrained < 200
    && (onNew.Elapsed < TimeSpan.FromSeconds(2) || onRetrained == 0) && onNew.Elapsed < TimeSpan.FromSeconds(30))
{
    await Task.Delay(10);
}

await stopPredicting.CancelAsync();
await predicting;
var live = predictor.Status.Live!;
Step($"Served {Interlocked.Read(ref served)} predictions while champion moved from v{before.Version} to v{live.Version}: {Interlocked.Read(ref failed)} failed ({string.Join(", ", answeredBy.OrderBy(a => a.Key).Select(a => $"v{a.Key} answered {a.Value}"))})");
Console.WriteLine($"    live   : v{live.Version} since {live.Since:HH:mm:ss.fff}, because: {live.Cause.Description}");
if (firstFailure is not null)
{
    Console.WriteLine($"    ✗ first failure: {firstFailure}");
}

var journalBeforeDrift = ((await host.Services.GetRequiredService<IMlopsStore>().GetJournalHeadAsync())?.Sequence ?? 0) + 1;

// A retraining worker: a third host on the same store, as a team would run a background service beside its API. It
// registers the retrain pipeline by name with a drift trigger on it: when serving journals drift over its threshold for
// this model, the worker claims that journal entry (once across a fleet of workers) and runs a retraining execution.
var workerBuilder = Host.CreateApplicationBuilder(args);
workerBuilder.Logging.SetMinimumLevel(LogLevel.Warning);
workerBuilder.Services.AddMlops(mlops => mlops
    .UseSqlite($"Data Source={Path.Combine(storeDirectory, "mlops.db")}")
    .UseFileSystemArtifacts(Path.Combine(storeDirectory, "artifacts"))
    .AddTracking()
    .AddRegistry()
    .AddValidation()
    .AddPipelines(pipelines => pipelines
        .AddPipeline(_ => RetrainPipeline(recipe, "drift"), (_, _, _) => Task.FromResult(dataPath), new PipelineRunOptions { DisableCache = true })
        .ConfigureTriggers(o => o.JournalPollInterval = TimeSpan.FromMilliseconds(200)) // SQLite has no change notifications: poll
        .AddDriftTrigger("retrain-on-drift", "penguins-retrain", modelName: ModelName)));
using var worker = workerBuilder.Build();
await worker.StartAsync();
var triggerMonitor = worker.Services.GetRequiredService<IPipelineTriggerMonitor>();

// Online drift: the window (the last inputs, as many as the test split) is compared with the live version's reference profile. First real rows
// like the training data (the test split), then a genuinely shifted batch of real rows: the heaviest penguins.
predictor.PredictBatch(testRows);
await server.EvaluateDriftAsync();
var calm = predictor.Status;
Step($"Online drift of v{calm.Drift?.Version} after {testRows.Count} test rows: {DriftSummary(calm)}, health {calm.Health}");
var heaviest = penguins.Where(p => !float.IsNaN(p.BodyMass)).OrderByDescending(p => p.BodyMass).Take(driftWindow).ToList();
predictor.PredictBatch(heaviest);
await server.EvaluateDriftAsync();
var shifted = predictor.Status;
Step($"Online drift of v{shifted.Drift?.Version} after the {heaviest.Count} heaviest penguins ({heaviest[^1].BodyMass:F0}–{heaviest[0].BodyMass:F0} g, {heaviest.Count(p => p.Species == "Gentoo")} Gentoo): {DriftSummary(shifted)}, health {shifted.Health}");
foreach (var column in shifted.Drift?.Report.Columns ?? [])
{
    Console.WriteLine($"    {column.Column,-14} {column.Test,-18} {(column.PValue is null ? "distance" : "p"),8} {column.Score,7:F4} (threshold {column.Threshold:G3}){(column.Drifted ? "  DRIFT" : "")}");
}

var servingHealth = await app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
Console.WriteLine($"    health : {servingHealth.Status} — {servingHealth.Entries["mlops-serving"].Description}");
var servingEntries = await host.Services.GetRequiredService<IJournal>().ReadAsync(journalBeforeDrift);
foreach (var entry in servingEntries.Where(e => e.Kind.StartsWith("serving.", StringComparison.Ordinal)))
{
    Console.WriteLine($"    journal: entry {entry.Sequence} {entry.Kind} {entry.Subject} by {entry.Actor}");
}


// The dashboard shows the same thing to a person: its serving page lists the served model with its drift gauges.
using (var http = new HttpClient { BaseAddress = new Uri(baseAddress) })
{
    using var dashboardPage = await http.GetAsync("/mlops/dashboard/serving");
    var html = await dashboardPage.Content.ReadAsStringAsync();
    Step($"Dashboard: GET {baseAddress}/mlops/dashboard/serving → {(int)dashboardPage.StatusCode}, {Count(html, "data-testid=\"served-model\"")} served model(s), "
        + $"{Count(html, "data-testid=\"drift-gauge\"")} drift gauge(s), {(html.Contains(ModelName, StringComparison.Ordinal) ? ModelName + " listed" : ModelName + " MISSING")}");
}

// The drift entry has started the worker's retraining execution; wait for it to end, then let serving catch up.
using (var waitForRetrain = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
{
    var ended = await triggerMonitor.WaitForAsync(e => e.Type is PipelineTriggerEventType.Completed or PipelineTriggerEventType.Failed, waitForRetrain.Token);
    var triggered = (await host.Services.GetRequiredService<IJournal>().QueryAsync(new JournalQuery { Kinds = [JournalKinds.PipelineTriggered], AfterSequence = journalBeforeDrift - 1 }))[^1];
    var execution = await tracker.GetRunAsync(ended.RunId!);
    Step($"Drift trigger retrain-on-drift: journal entry {triggered.Sequence} pipeline.triggered ({JsonDocument.Parse(triggered.Payload).RootElement.GetProperty("work").GetString()}) → "
        + $"execution {execution.RunId[..8]} of {execution.Tags[PipelineTags.Pipeline]} {(ended.Status?.ToString() ?? ended.Type.ToString()).ToUpperInvariant()}, cache off");
    foreach (var step in (await tracker.GetChildRunsAsync(execution.RunId)).OrderBy(r => r.StartTime))
    {
        var stepRun = await tracker.GetRunAsync(step.RunId);
        Console.WriteLine($"    {step.RunName,-18} {stepRun.Tags.GetValueOrDefault(PipelineTags.Outcome),-9} {(step.EndTime - step.StartTime)?.TotalMilliseconds,8:F0} ms");
    }
}

await server.SyncAsync();
var afterDrift = predictor.Status.Live!;
Console.WriteLine($"    serving: v{afterDrift.Version} live, because: {afterDrift.Cause.Description}");
await worker.StopAsync();

Step("Serving metrics (OpenTelemetry console exporter, one flush):");
metricsPrinter.Enabled = true;
app.Services.GetRequiredService<MeterProvider>().ForceFlush();
metricsPrinter.Enabled = false;

// Stage 5: govern. The policy in Governance (below) guards "production": a direct move is refused, a promotion request by
// the author needs a second actor's approval, and then the alias moves at once. The reviewer is a second service provider
// on the same store with a fixed actor ("reviewer"): in a real deployment that is another person, in another process or
// behind a web API whose actor accessor reads the signed-in user — the store and the journal are all they share.
var aliases = (await registry.GetModelAsync(ModelName)).Aliases;
var target = aliases["champion"]; // validated (PASSED) and served: the candidate for production
var production = aliases.GetValueOrDefault("production");
var author = host.Services.GetRequiredService<IActorAccessor>().CurrentActor; // registered every version of this run
try
{
    await registry.SetAliasAsync(ModelName, "production", target, reason: "straight to production");
    Step($"Alias production → v{target} was NOT denied: the policy is not in force");
}
catch (MlopsPolicyDeniedException denied)
{
    Step($"Alias production → v{target} (a direct move by {author}) DENIED by the policy:");
    foreach (var unmet in denied.UnmetRequirements)
    {
        Console.WriteLine($"    ✗ {unmet}");
    }
}

var workflow = host.Services.GetRequiredService<IPromotionWorkflow>();
var request = await workflow.RequestAsync(ModelName, "production", target, comment: $"v{target} passed validation and served as champion");
Step($"Promotion request {request.Id[^8..]} by {request.RequestedBy}: production → v{target}, {request.Status}, needs {request.RequiredApprovals} approval(s) from someone other than the author {request.VersionAuthor}");
try
{
    await workflow.ApproveAsync(request.Id, "looks good to me");
}
catch (MlopsPolicyDeniedException selfApproval)
{
    Console.WriteLine($"    ✗ self-approval refused: {selfApproval.UnmetRequirements[0]}");
}

await using (var reviewer = new ServiceCollection()
    .AddLogging()
    .AddMlops(mlops => mlops
        .UseSqlite($"Data Source={Path.Combine(storeDirectory, "mlops.db")}")
        .UseFileSystemArtifacts(Path.Combine(storeDirectory, "artifacts"))
        .AddRegistry()
        .AddGovernance(Governance)
        .UseActor("reviewer"))
    .BuildServiceProvider())
{
    request = await reviewer.GetRequiredService<IPromotionWorkflow>().ApproveAsync(request.Id, "validation report and lineage reviewed");
}

var promotedTo = (await registry.GetModelAsync(ModelName)).Aliases.GetValueOrDefault("production");
Step($"Promotion request {request.Id[^8..]} {request.Status.ToString().ToUpperInvariant()} by {string.Join(", ", request.Approvals.Select(a => a.Approver))} and executed by {request.Execution?.By}: "
    + (request.Execution is { Succeeded: true } ? $"alias production {(production == 0 ? "(unset)" : "v" + production)} → v{promotedTo}" : $"the move FAILED: {request.Execution?.Error}"));

// Human oversight: the kill switch stops serving the model everywhere at once (serving follows it through the journal).
var oversight = host.Services.GetRequiredService<IHumanOversight>();
await oversight.DisableServingAsync(ModelName, "kill-switch drill");
await server.SyncAsync();
string stoppedAnswer;
try
{
    stoppedAnswer = $"answered {predictor.Predict(testRows[0]).Species} (NOT stopped)";
}
catch (MlopsModelDisabledException stopped)
{
    stoppedAnswer = $"{nameof(MlopsModelDisabledException)} (stopped by {stopped.Actor}: {stopped.Reason})";
}

await oversight.EnableServingAsync(ModelName, "drill over");
await server.SyncAsync();
Step($"Kill switch: disabled → predict throws {stoppedAnswer}; enabled → predicts {predictor.Predict(testRows[0]).Species} again");

// The model card: the fields only people can write, written once per version, merged with everything the store knows.
var cards = host.Services.GetRequiredService<IModelCards>();
var productionUri = $"models:/{ModelName}@production";
await cards.SetFieldsAsync(productionUri, new Dictionary<string, string>
{
    [ModelCardFields.IntendedUse] = "Demonstrate the Mlops.Sdk lifecycle: predict the species (Adelie, Chinstrap, Gentoo) of an adult Palmer Archipelago penguin from beak length and depth, flipper length and body mass.",
    [ModelCardFields.PrimaryUsers] = "Developers trying Mlops.Sdk.",
    [ModelCardFields.OutOfScopeUses] = "Any real ecological, scientific or conservation decision; penguins of other populations, years or species; juveniles; measurements taken with other protocols or units.",
    [ModelCardFields.RelevantFactors] = "Species, island and sex of the bird; the season and the people and instruments that measured it (Palmer Station LTER, 2007–2009).",
    [ModelCardFields.EthicalConsiderations] = "No personal data: the rows measure wild birds. Sex is not an input; it is used only to check that accuracy holds for both sexes.",
    [ModelCardFields.CaveatsAndRecommendations] = "344 rows from one public dataset and a test split of about 100 rows: metrics move by a few points with the split. Retrain and revalidate before use on new data.",
    [ModelCardFields.IntendedPurpose] = "A teaching sample; not placed on the market or put into service.",
    [ModelCardFields.DataRequirements] = "Palmer penguins (Dr. Kristen Gorman, Palmer Station LTER; CC0 1.0) as published in vega-datasets 3.2.1; missing measurements are replaced by the column mean, 70/30 train/test split with seed 42.",
    [ModelCardFields.HumanOversightMeasures] = "Promotion to production needs a PASSED validation report and an approval by someone other than the author; serving can be stopped at once with the kill switch.",
    [ModelCardFields.PostMarketMonitoringPlan] = "Serving compares a window of recent inputs with the training profile; drift degrades health and is journaled, and leads to a retrain validated by the same rules.",
});
var card = await cards.GenerateAsync(productionUri);
var markdown = card.ToMarkdown();
var cardPath = Path.Combine(storeDirectory, "model-card.md");
await File.WriteAllTextAsync(cardPath, markdown);
var cardLines = markdown.Split('\n');
Step($"Model card of {card.ModelUri} ({(card.IsComplete ? "complete" : "missing " + string.Join(", ", card.MissingFields))}, {cardLines.Length} lines of Markdown):");
foreach (var line in cardLines.Length <= 80 ? cardLines : CardExcerpt(cardLines))
{
    Console.WriteLine($"    {line}".TrimEnd());
}

if (cardLines.Length > 80)
{
    Console.WriteLine($"    … the whole card (model details, metrics, data, analyses, Annex IV) is in {cardPath}");
}

// The audit: the journal's hash chain verified in place, then exported as a bundle anyone can verify offline, pinned to
// the head just verified (an auditor would pin a head obtained independently, e.g. from an earlier export).
var audit = host.Services.GetRequiredService<IAuditLog>();
var auditCheck = await audit.VerifyAsync();
Step($"Audit: chain {(auditCheck.IsValid ? "valid" : "BROKEN at entry " + auditCheck.FirstBrokenSequence)}, {auditCheck.EntriesChecked} entries checked (head entry {auditCheck.Head?.Sequence}, {auditCheck.Head?.Hash[..12]}…)");
var bundlePath = Path.Combine(storeDirectory, "audit-bundle.jsonl");
await using (var bundleFile = File.Create(bundlePath))
{
    var exported = await audit.ExportBundleAsync(bundleFile);
    Console.WriteLine($"    bundle : {exported.EntryCount} entries exported by {exported.ExportedBy} to {bundlePath}");
}

AuditBundleVerificationResult bundleCheck;
await using (var bundleFile = File.OpenRead(bundlePath))
{
    bundleCheck = await AuditBundle.VerifyAsync(bundleFile, pinnedHead: auditCheck.Head);
}

Console.WriteLine($"    offline: {(bundleCheck.IsValid ? "verified" : "INVALID: " + bundleCheck.Problem)}, {bundleCheck.EntriesChecked} entries checked (AuditBundle.VerifyAsync, no store, pinned to head entry {auditCheck.Head?.Sequence})");
await app.StopAsync();

var journal = await host.Services.GetRequiredService<IJournal>().VerifyAsync();
Step($"Journal: {journal.EntriesChecked} entries, chain {(journal.IsValid ? "verified" : "BROKEN at entry " + journal.FirstBrokenSequence)}");

// Stage 6: move up. The whole store, journal included, is copied into an empty store and proven there: the chain is
// recomputed row by row on the way and verified again in the target, whose head must be the source's. Into PostgreSQL
// when MLOPS_QUICKSTART_POSTGRES names an empty database (artifacts stay in the shared folder), else into a new SQLite
// file beside this store (replaced on every run), which shows the same call on the embedded default.
var postgres = Environment.GetEnvironmentVariable("MLOPS_QUICKSTART_POSTGRES");
var movedDirectory = Path.Combine(storeDirectory, "moved");
if (postgres is null && Directory.Exists(movedDirectory))
{
    Directory.Delete(movedDirectory, recursive: true);
}

StoreCopyResult moved;
await using (var movedStore = new ServiceCollection()
    .AddLogging()
    .AddMlops(mlops => _ = postgres is null
        ? mlops.UseSqlite($"Data Source={Path.Combine(movedDirectory, "mlops.db")};Pooling=False").UseFileSystemArtifacts(Path.Combine(movedDirectory, "artifacts"))
        : mlops.UsePostgreSql(postgres).UseFileSystemArtifacts(Path.Combine(storeDirectory, "artifacts")))
    .BuildServiceProvider())
{
    moved = await MlopsStoreCopy.CopyAsync(host.Services, movedStore);
}

var sameHead = moved.TargetVerification.IsValid && moved.TargetVerification.Head == journal.Head;
Step($"Moved the store into {(postgres is null ? movedDirectory + " (SQLite; set MLOPS_QUICKSTART_POSTGRES to an empty PostgreSQL database to move up)" : "PostgreSQL")}: "
    + $"{moved.TotalRows} rows in {moved.Tables.Count} tables, {moved.JournalEntries} journal entries, {moved.ArtifactsCopied} artifacts copied ({moved.ArtifactBytes / 1024.0:F0} KiB), {moved.ArtifactsPresent} already there");
Console.WriteLine($"    target journal {(moved.TargetVerification.IsValid ? "verified" : "BROKEN: " + moved.TargetVerification.Problem)}, head entry {moved.TargetVerification.Head?.Sequence} {moved.TargetVerification.Head?.Hash[..12]}… — {(sameHead ? "the same head as this store" : "NOT this store's head")}");

await host.StopAsync();
Step($"Done in {clock.Elapsed.TotalSeconds:F1} s");
return journal.IsValid && failed == 0 && promotedTo == target && bundleCheck.IsValid && sameHead ? 0 : 1;

// The champion's recipe as the standard lifecycle pipeline. The first four steps are this sample's own (its data, its
// checks, its trainer, its metric); register, validate-vs-champion and promote are the template's, configured here.
Pipeline<string> RetrainPipeline(string trainer, string retrainOf)
{
    (IDataView Train, IDataView Test) Split(List<Penguin> rows)
    {
        var parts = ml.Data.TrainTestSplit(ml.Data.LoadFromEnumerable(rows), testFraction: 0.3, seed: 42);
        return (parts.TrainSet, parts.TestSet);
    }

    return LifecyclePipeline.Create("penguins-retrain", new LifecycleSteps<string, List<Penguin>>
    {
        LoadData = Mlops.Pipelines.Step.Create<string, List<Penguin>>(LifecyclePipeline.StepNames.LoadData, (path, _) => Task.FromResult(Penguin.Load(path))),
        ValidateData = Mlops.Pipelines.Step.Create<List<Penguin>, DataCheck>(LifecyclePipeline.StepNames.ValidateData, (rows, _) =>
            Task.FromResult(DataCheck.FromExpectations(suite.Validate(ml.Data.LoadFromEnumerable(rows))).EnsurePassed())),
        Train = Mlops.Pipelines.Step.Create<List<Penguin>, TrainedModel>(LifecyclePipeline.StepNames.Train, async (rows, step) =>
        {
            var train = Split(rows).Train;
            await step.Run.LogParamsAsync(new Dictionary<string, string> { ["trainer"] = trainer, ["retrain_of"] = retrainOf });
            await step.Run.LogDatasetAsync(Datasets.FromDataView(train, "penguins-train", dataPath, "training"));
            var model = Pipeline(trainers.Single(t => t.Name == trainer).Create()).Fit(train);
            await step.Run.LogModelAsync(ml, model, train.Schema);
            return new TrainedModel(step.Run.RunId, $"runs:/{step.Run.RunId}/model", $"retrain of {retrainOf} ({trainer})");
        }, version: trainer),
        Evaluate = Mlops.Pipelines.Step.Create<(List<Penguin>, TrainedModel), ModelEvaluation>(LifecyclePipeline.StepNames.Evaluate, async (input, step) =>
        {
            await using var zip = await step.Services.GetRequiredService<IExperimentTracker>().OpenArtifactAsync(input.Item2.RunId, "model/model.zip");
            var metrics = ml.MulticlassClassification.Evaluate(ml.Model.Load(zip, out _).Transform(Split(input.Item1).Test));
            step.Run.LogMetrics(metrics, prefix: "test_");
            return new ModelEvaluation(new Dictionary<string, double> { ["test_macro_accuracy"] = metrics.MacroAccuracy, ["test_log_loss"] = metrics.LogLoss });
        }),
        Register = new RegisterModelStep(ModelName, o => o.WithTypes<Penguin, SpeciesPrediction>(), async (version, step) =>
        {
            var validation = step.Services.GetRequiredService<IModelValidator>();
            await validation.StoreReferenceProfileAsync(version.Uri, profile); // what online drift compares with
            await validation.StoreExpectationSuiteAsync(version.Uri, suite);
        }),
        ValidateModel = new ValidateModelStep<List<Penguin>>((_, version) => ChampionRules(version.Uri)),
        RequestPromotion = new RequestPromotionStep("champion", moveAlias: true), // "production" goes through approval (stage 5)
    });
}

static void PrintSteps(PipelineExecution execution)
{
    foreach (var step in execution.Steps)
    {
        var source = step.SourceRunId is { } from ? $" from run {from[..8]}" : "";
        Console.WriteLine($"    {step.Name,-18} {step.Outcome.ToString().ToLowerInvariant(),-9}{source,-18} {step.Duration.TotalMilliseconds,8:F0} ms  output {step.OutputDigest?[..12] ?? "-"}");
    }

    if (execution.Status == PipelineExecutionStatus.Succeeded)
    {
        var check = execution.GetOutput<ModelCheck>(LifecyclePipeline.StepNames.ValidateModel);
        var promotion = execution.GetOutput<PromotionOutcome>(LifecyclePipeline.StepNames.RequestPromotion);
        Console.WriteLine($"    outcome: validation {check.Verdict.ToString().ToUpperInvariant()}, {promotion.Message}");
    }
}

// The policies, shared by every host on the store: each enforces them in its own registry.
static void Governance(GovernanceBuilder governance) => governance.AddPromotionPolicy("production", policy =>
{
    policy.Models.Add(ModelName);
    policy.RequirePassingValidation = true; // the version's validation report must be attached with verdict PASSED
    policy.RequiredApprovals = 1; // from an actor other than the version's author
});

// The card's title block and the sections a reader checks first; the rest is in the file.
static IEnumerable<string> CardExcerpt(string[] lines)
{
    string[] shown = ["# ", "## Intended use", "## Approvals"];
    var showing = false;
    foreach (var line in lines)
    {
        if (line.StartsWith('#'))
        {
            showing = shown.Any(h => h == "# " ? line.StartsWith("# ", StringComparison.Ordinal) : line == h);
        }

        if (showing)
        {
            yield return line;
        }
    }
}

static void Step(string text) => Console.WriteLine($"==> {text}");

static int Count(string text, string value)
{
    var count = 0;
    for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
    {
        count++;
    }

    return count;
}

static string DriftSummary(ServedModelStatus status) => status.Drift is not { } drift
    ? "not evaluated"
    : $"{drift.Report.DriftedColumns}/{drift.Report.Columns.Count} features drifted in a window of {drift.WindowRows} rows → {(drift.OverThreshold ? "DRIFT DETECTED" : "no drift")}";
