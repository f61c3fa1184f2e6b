// The servers of benchmarks/http/run.sh, one process per mode, on a loopback port:
//   dotnet Mlops.HttpBench.dll trivial --urls http://127.0.0.1:0 --address-file FILE   the baseline (Trivial.cs)
//   dotnet Mlops.HttpBench.dll raw     --urls http://127.0.0.1:0 --address-file FILE   the floor (Raw.cs)
//   dotnet Mlops.HttpBench.dll served  ...   for profiling: Raw's HTTP handling around the served IPredictor (Served.cs)
//   dotnet Mlops.HttpBench.dll mlops   --urls http://127.0.0.1:0 --address-file FILE   MapMlopsPredictions + MapMlopsInvocations
// Both answer POST /mlops/models/penguins/predict (one row, our format) and POST /invocations (MLflow's dataframe_split),
// with logging cleared; the address Kestrel bound is written to FILE once the server listens.
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.ML;
using Mlops.HttpBench;
using PredictionApi.Model;
using Mlops.Registry;
using Mlops.Serving;

var mode = args.FirstOrDefault() ?? throw new ArgumentException("usage: Mlops.HttpBench trivial|raw|mlops|served --urls URL --address-file FILE");
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var store = Path.Combine(Path.GetTempPath(), "mlops-httpbench-" + Guid.NewGuid().ToString("N"));
if (mode is "mlops" or "served")
{
    builder.Services.AddMlops(m => m
        .UseSqlite($"Data Source={Path.Combine(store, "mlops.db")}")
        .UseFileSystemArtifacts(Path.Combine(store, "artifacts"))
        .AddRegistry()
        .AddServing(s => s.AddModel<Penguin, SpeciesPrediction>("penguins", "champion")));
}

var app = builder.Build();
if (mode == "mlops")
{
    app.MapMlopsPredictions();
    app.MapMlopsInvocations("penguins");
    await RegisterPenguinModelAsync(app.Services);
}
else if (mode == "served")
{
    Served.Map(app);
    await RegisterPenguinModelAsync(app.Services);
}
else if (mode == "trivial")
{
    Trivial.Map(app);
}
else if (mode == "raw")
{
    Raw.Map(app);
}
else
{
    throw new ArgumentException($"Unknown mode '{mode}': trivial, raw, mlops or served.");
}

await app.StartAsync();
var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
if (app.Configuration["address-file"] is { } file)
{
    await File.WriteAllTextAsync(file + ".tmp", address);
    File.Move(file + ".tmp", file, overwrite: true); // the script sees the whole address or nothing
}

Console.WriteLine($"{mode} listening on {address}");
await app.WaitForShutdownAsync();
await app.DisposeAsync();
if (Directory.Exists(store))
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    Directory.Delete(store, recursive: true);
}

// The penguin species model (the QuickStart's SDCA recipe, seeded), registered and aliased champion before serving starts.
static async Task RegisterPenguinModelAsync(IServiceProvider services)
{
    var ml = new MLContext(seed: 42);
    var data = ml.Data.LoadFromEnumerable(Penguin.Load(Path.Combine(AppContext.BaseDirectory, "data", "penguins.json")));
    var model = ml.Transforms.Conversion.MapValueToKey("Label", nameof(Penguin.Species))
        .Append(ml.Transforms.ReplaceMissingValues(Penguin.Features.Select(f => new InputOutputColumnPair(f)).ToArray()))
        .Append(ml.Transforms.Concatenate("Features", Penguin.Features))
        .Append(ml.Transforms.NormalizeMinMax("Features"))
        .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy())
        .Append(ml.Transforms.Conversion.MapKeyToValue(nameof(SpeciesPrediction.PredictedSpecies), "PredictedLabel"))
        .Fit(data);
    using var zip = new MemoryStream();
    ml.Model.Save(model, data.Schema, zip);
    zip.Position = 0;
    var registry = services.GetRequiredService<IModelRegistry>();
    var version = await registry.RegisterVersionFromStreamAsync("penguins", zip, ModelFlavorNames.MlNet, new RegisterVersionOptions().WithTypes<Penguin, SpeciesPrediction>());
    await registry.SetAliasAsync("penguins", "champion", version.Version);
}
