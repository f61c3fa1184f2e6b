using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Mlops.Registry;
using Mlops.Serving;

namespace Mlops.AspNetCore.Tests.TestSupport;

/// <summary>
/// A real Kestrel app on a loopback port over a SQLite store in a temp folder, serving the penguin species model under
/// the alias <c>champion</c> (and a second key that follows an alias nobody set), with every Mlops endpoint mapped.
/// </summary>
public sealed class PredictionApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private PredictionApp(WebApplication app, string root, HttpClient client)
    {
        _app = app;
        Root = root;
        Client = client;
    }

    public string Root { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public IPredictor<Penguin, SpeciesPrediction> Predictor => Services.GetRequiredService<IPredictor<Penguin, SpeciesPrediction>>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<PredictionApp> StartAsync(TrainedModels models)
    {
        var root = Path.Combine(Path.GetTempPath(), "mlops-aspnetcore-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddMlops(m => m
            .UseSqlite($"Data Source={Path.Combine(root, "mlops.db")}")
            .UseFileSystemArtifacts(Path.Combine(root, "artifacts"))
            .UseActor("alice")
            .AddRegistry(o => o.TempDirectory = Path.Combine(root, "tmp"))
            .AddServing(s => s
                .AddModel<Penguin, SpeciesPrediction>("penguins", "champion")
                .AddModel<Penguin, SpeciesPrediction>("penguins", o =>
                {
                    o.Alias = "never-set";
                    o.Key = "penguins-unset";
                })));
        builder.Services.AddHealthChecks().AddMlopsServing();
        var app = builder.Build();
        app.MapMlopsPredictions();
        app.MapMlopsInvocations("penguins");
        app.MapMlopsHealthChecks();

        var registry = app.Services.GetRequiredService<IModelRegistry>();
        var version = await registry.RegisterVersionFromStreamAsync("penguins", new MemoryStream(models.PenguinsZip), ModelFlavorNames.MlNet,
            new RegisterVersionOptions().WithTypes<Penguin, SpeciesPrediction>(), Ct);
        await registry.SetAliasAsync("penguins", "champion", version.Version, cancellationToken: Ct);
        await app.StartAsync(Ct);
        await app.Services.GetRequiredService<IModelServer>().SyncAsync(Ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new PredictionApp(app, root, new HttpClient { BaseAddress = new Uri(address) });
    }

    public Task<HttpResponseMessage> PostJsonAsync(string path, string json) =>
        Client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"), Ct);

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>(Ct));

    public ValueTask DisposeAsync() => TestApps.StopAsync(_app, Client, Root);
}
