using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using Mlops.AspNetCore.BrowserTests.TestSupport;
using Mlops.Serving;
using Mlops.Validation.Drift;

[assembly: AssemblyFixture(typeof(DashboardSite))]

// One browser and one app for the whole assembly; the tests run one at a time (2 cores, and deterministic screenshots).
[assembly: Xunit.v3.Parallelization(Mode = Xunit.Sdk.ParallelMode.None)]

namespace Mlops.AspNetCore.BrowserTests.TestSupport;

/// <summary>
/// The app under test: a real Kestrel server on 127.0.0.1 with the dashboard mapped at <see cref="Prefix"/> over the
/// <see cref="TrainingStore"/>, serving <c>penguin-species@champion</c> (drift evaluated over the test split), acting as
/// <see cref="Approver"/>; and the machine's Chromium launched headless through Playwright. Nothing starts when
/// <c>MLOPS_TEST_CHROMIUM</c> is absent: each test then skips (or fails under CI) through <see cref="OpenAsync"/>.
/// </summary>
public sealed class DashboardSite : IAsyncLifetime
{
    public const string Prefix = "/mlops";
    public const string Approver = "reviewer";

    private WebApplication? _app;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private TrainingStore? _store;
    private Uri? _address;

    public TrainingStore Store => _store ?? throw new InvalidOperationException("The site did not start: no browser.");

    public Uri Address => _address ?? throw new InvalidOperationException("The site did not start: no browser.");

    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("The site did not start: no browser.");

    public async ValueTask InitializeAsync()
    {
        if (Chromium.Executable is not { } executable)
        {
            return; // the tests skip (or fail under CI) when they ask for a page
        }

        var ct = TestContext.Current.CancellationToken;
        _store = await TrainingStore.CreateAsync(ct);
        _app = BuildApp(_store);
        await _app.StartAsync(ct);
        _address = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());

        // Serving has loaded the champion; feed its drift window with the test split and evaluate, so the serving page
        // has scores to show.
        var server = _app.Services.GetRequiredService<IModelServer>();
        await server.SyncAsync(ct);
        _app.Services.GetRequiredService<IPredictor<Penguin, SpeciesPrediction>>().PredictBatch(_store.TestRows);
        await server.EvaluateDriftAsync(ct);

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = Chromium.Arguments,
        });
    }

    /// <summary>A new page (own context, cookies and viewport) on the app, guarded against any off-loopback request.</summary>
    public async Task<BrowserSession> OpenAsync(int width = 1280, int height = 800)
    {
        Chromium.RequireExecutable();
        return await BrowserSession.OpenAsync(_browser!, Address, width, height);
    }

    /// <summary>The dashboard URL of a path under the prefix, e.g. <c>Url("runs")</c>.</summary>
    public static string Url(string path) => $"{Prefix}/{path}";

    private static WebApplication BuildApp(TrainingStore store)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var driftWindow = store.TestRows.Count;
        builder.Services.AddMlops(m => m
            .UseSqlite(store.ConnectionString)
            .UseFileSystemArtifacts(store.ArtifactsPath)
            .UseActor(Approver)
            .AddTracking()
            .AddRegistry(o => o.TempDirectory = Path.Combine(store.Root, "tmp-app"))
            .AddValidation()
            .AddGovernance(TrainingStore.Governance)
            .AddServing(s => s.AddModel<Penguin, SpeciesPrediction>(TrainingStore.ModelName, o =>
            {
                o.Alias = "champion";
                o.Drift.SampleRate = 1;
                o.Drift.WindowSize = driftWindow;
                o.Drift.MinimumRows = driftWindow / 2;
                o.Drift.EvaluationInterval = TimeSpan.FromHours(1); // evaluated on demand in InitializeAsync
                o.Drift.Tests = new DriftOptions { DistanceThreshold = 0.25 };
            }))
            .UseHttpContextActor() // a signed-in user would act; nobody signs in here, so the app's actor does
            .AddDashboard());
        var app = builder.Build();
        app.MapMlopsDashboard(Prefix);
        return app;
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync(CancellationToken.None);
            await _app.DisposeAsync();
        }

        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }
}
