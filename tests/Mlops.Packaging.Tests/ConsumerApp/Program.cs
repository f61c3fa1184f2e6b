// A brand-new console app that knows Mlops.Sdk only through its NuGet packages: it adds Mlops with no store picked, so
// that it gets the embedded default of the all-in-one Mlops.Sdk package (SQLite and the file system under ./.mlops),
// tracks a training run, registers the model and serves it.
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.ML;
using Microsoft.ML.Data;
using Mlops.Registry;
using Mlops.Serving;
using Mlops.Tracking;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture; // the test reads the numbers back
var builder = Host.CreateApplicationBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Mlops", LogLevel.Information); // Mlops says which store it uses
builder.Services.AddMlops()            // no store picked: SQLite at ./.mlops/mlops.db, artifacts under ./.mlops/artifacts
    .AddTracking()
    .AddRegistry()
    .AddServing(s => s.AddModel<House, PricePrediction>("house-price", "champion"));
using var host = builder.Build();
await host.StartAsync();

var tracker = host.Services.GetRequiredService<IExperimentTracker>();
var registry = host.Services.GetRequiredService<IModelRegistry>();

// Price = 1 + 2 × size: forty rows are enough for a linear model to find it.
var rows = Enumerable.Range(1, 40).Select(i => new House { Size = i * 0.1f, Price = 1 + 2 * i * 0.1f }).ToList();
var ml = new MLContext(seed: 1);
var data = ml.Data.LoadFromEnumerable(rows);
var pipeline = ml.Transforms.Concatenate("Features", nameof(House.Size))
    .Append(ml.Transforms.NormalizeMinMax("Features"))
    .Append(ml.Regression.Trainers.OnlineGradientDescent(labelColumnName: nameof(House.Price), numberOfIterations: 200));

string runId;
await using (var run = await tracker.StartRunAsync("house-price", new RunOptions { RunName = "ogd" }))
{
    runId = run.RunId;
    await run.LogParamAsync("trainer", "online-gradient-descent");
    var model = pipeline.Fit(data);
    var metrics = ml.Regression.Evaluate(model.Transform(data), labelColumnName: nameof(House.Price));
    run.LogMetric("rmse", metrics.RootMeanSquaredError);
    await run.LogModelAsync(ml, model, data.Schema);
}

var tracked = await tracker.GetRunAsync(runId);
Console.WriteLine($"run {tracked.RunId} {tracked.Info.Status} trainer={tracked.Params["trainer"]} rmse={tracked.LatestMetrics["rmse"].Value:F3}");

var version = await registry.RegisterVersionFromRunAsync("house-price", $"runs:/{runId}/model",
    new RegisterVersionOptions().WithTypes<House, PricePrediction>());
await registry.SetAliasAsync("house-price", "champion", version.Version, reason: "first model");
Console.WriteLine($"registered house-price v{version.Version}");

await host.Services.GetRequiredService<IModelServer>().SyncAsync();
var predictor = host.Services.GetRequiredService<IPredictor<House, PricePrediction>>();
var prediction = predictor.PredictWithDetails(new House { Size = 3f });
Console.WriteLine($"served {prediction.ModelName} v{prediction.Version}: size 3 -> {prediction.Output.Score:F1}");

await host.StopAsync();
return 0;

public sealed class House
{
    public float Size { get; set; }

    public float Price { get; set; }
}

public sealed class PricePrediction
{
    public float Score { get; set; }
}
