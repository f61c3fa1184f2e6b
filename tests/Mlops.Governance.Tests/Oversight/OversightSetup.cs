using Microsoft.Extensions.DependencyInjection;
using Mlops.Registry;
using Mlops.Serving;

namespace Mlops.Governance.Tests.Oversight;

/// <summary>A served penguins model following <c>production</c>, and app instances that serve it.</summary>
internal static class OversightSetup
{
    public const string Model = "penguins";
    public const string Alias = "production";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Registers the penguins model (authored by alice) and points <c>production</c> at it.</summary>
    public static async Task<ModelVersion> PublishAsync(GovernanceHarness harness)
    {
        var version = await harness.RegisterAsync("alice");
        await harness.As("alice").GetRequiredService<IModelRegistry>().SetAliasAsync(Model, Alias, version.Version, "first release", Ct);
        return version;
    }

    /// <summary>An app instance serving the model (acting as <paramref name="actor"/>), synced once so that it has loaded.</summary>
    public static async Task<ServiceProvider> ServeAsync(
        GovernanceHarness harness,
        string actor = "app",
        Func<Penguin, SpeciesPrediction>? fallback = null,
        Action<GovernanceBuilder>? governance = null,
        Action<IServiceCollection>? extra = null)
    {
        var app = harness.As(
            actor,
            governance,
            s => s.AddModel<Penguin, SpeciesPrediction>(Model, o =>
            {
                o.Alias = Alias;
                o.Fallback = fallback;
                o.MaxPooledEngines = 2;
            }),
            extra);
        await app.GetRequiredService<IModelServer>().SyncAsync(Ct);
        return app;
    }

    public static Task SyncAsync(IServiceProvider app) => app.GetRequiredService<IModelServer>().SyncAsync(Ct);

    public static IPredictor<Penguin, SpeciesPrediction> Predictor(IServiceProvider app) =>
        app.GetRequiredService<IPredictor<Penguin, SpeciesPrediction>>();

    public static IHumanOversight OversightAs(GovernanceHarness harness, string actor) =>
        harness.As(actor).GetRequiredService<IHumanOversight>();
}
