// PredictionApi: a team's existing minimal API (field sightings of penguins) that adds Mlops.Sdk with a few lines, marked
// "Mlops" below: the store and the served model come from appsettings.json, every served model is on HTTP (our format
// and MLflow's /invocations), health checks are mapped, and the sightings endpoint calls the same predictor in-process.
using PredictionApi.Model;
using PredictionApi.Sightings;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddProblemDetails();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<SightingLog>();

// Mlops: the store (SQLite + files under ./.mlops by default) and the species model, served by alias.
var contentRoot = builder.Environment.ContentRootPath;
var species = builder.Configuration.GetSection("Mlops:Species").Get<SpeciesModelSettings>() ?? new SpeciesModelSettings();
builder.Services.AddMlops(mlops => mlops
    .UseSqlite(StorePaths.SqliteConnectionString(builder.Configuration.GetConnectionString("Mlops"), contentRoot))
    .UseFileSystemArtifacts(StorePaths.Folder(builder.Configuration["Mlops:ArtifactsPath"], contentRoot))
    .AddTracking() // only the first-start seeding step trains and tracks a run
    .AddRegistry()
    .AddDashboard() // the dashboard below: its options and antiforgery for its forms
    .AddServing(serving => serving.AddModel<Penguin, SpeciesPrediction>(species.Model, o =>
    {
        o.Key = "penguins";
        o.Alias = species.Alias;
    })));
builder.Services.AddHealthChecks().AddMlopsServing();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();

app.MapGet("/", () => "Penguin field sightings: /api/sightings. Species model: /invocations, /mlops/models, /mlops/health.");
app.MapSightings();

// Mlops: the endpoints.
app.MapMlopsPredictions();           // GET /mlops/models, POST /mlops/models/penguins/predict and /invocations
app.MapMlopsInvocations("penguins"); // MLflow's scoring server paths: POST /invocations, GET /ping
app.MapMlopsHealthChecks();          // GET /mlops/health
app.MapMlopsDashboard();             // GET /mlops/dashboard: runs, models, governance, journal, serving (local requests only)

// Mlops: a fresh clone has an empty store; train and register the model once so that /invocations answers.
await SpeciesModelSeeder.EnsureAsync(app.Services, species, Path.Combine(AppContext.BaseDirectory, "data", "penguins.json"));

await app.RunAsync();
