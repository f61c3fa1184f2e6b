using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Serving;
using Mlops.Validation;

namespace Mlops.AspNetCore.Tests.Dashboard;

/// <summary>Models, versions, validation with drift, model cards, serving with drift gauges, assets and the policy option.</summary>
public sealed class DashboardModelsAndServingTests(TrainedModels models) : IAsyncLifetime
{
    private DashboardApp? _app;

    private DashboardApp App => _app!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _app = await DashboardApp.StartAsync(models);

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_models_list_and_model_page_show_versions_aliases_and_validation_verdicts()
    {
        var list = await App.PageAsync("models");
        var row = list.QuerySelector("[data-testid=model-row][data-model=penguins]")!;
        row.TextContent.Should().Contain("champion → v1");

        var page = await App.PageAsync(row.QuerySelector("a")!.GetAttribute("href")!);

        var verdict = (await App.Services.GetRequiredService<Mlops.Registry.IModelRegistry>().GetVersionAsync("penguins", 1, Ct)).Tags[ValidationTags.Verdict];
        var version = page.QuerySelector("[data-testid=version-row][data-version='1']")!;
        version.TextContent.Should().Contain("champion").And.Contain("alice").And.Contain(verdict);
        version.QuerySelector("a")!.GetAttribute("href").Should().Be("/mlops/models/penguins/versions/1");
    }

    [Fact]
    public async Task A_version_page_shows_its_signature_lineage_and_validation_report_with_drift_histograms()
    {
        var page = await App.PageAsync("models/penguins/versions/1");

        page.QuerySelector("[data-testid=signature]")!.TextContent.Should().Contain("BeakLength").And.Contain("PredictedSpecies");
        var lineage = page.QuerySelector("[data-testid=lineage]")!;
        lineage.QuerySelector("a")!.GetAttribute("href").Should().Be($"/mlops/runs/{App.Seed.RunIds[DashboardSeed.Runs[0].Name]}");
        page.Body!.TextContent.Should().Contain("penguins.json");
        var reportSection = page.QuerySelector("[data-testid=validation-report]")!;
        var report = (await App.Services.GetRequiredService<IModelValidator>().GetReportAsync(App.Seed.Version.Uri, Ct))!;
        reportSection.GetAttribute("data-verdict").Should().Be(report.Verdict.ToString());
        page.QuerySelectorAll("[data-testid=drift-table] tbody tr").Select(r => r.QuerySelector("th")!.TextContent).Should().Equal(TrainedModels.Features);
        var histograms = page.QuerySelectorAll("[data-testid=drift-histogram]").ToList();
        histograms.Select(h => h.GetAttribute("data-column")).Should().Equal(TrainedModels.Features);
        histograms.Should().OnlyContain(h => h.QuerySelectorAll("svg rect.bar").Length > 1);
        histograms.Should().OnlyContain(h => h.QuerySelectorAll("svg rect.bar.reference").Length == 24 && h.QuerySelectorAll("svg rect.bar.current").Length == 24,
            "the report carries the evaluated data's histogram beside the reference's, drawn side by side");
        histograms.Should().OnlyContain(h => h.QuerySelector("figcaption")!.TextContent.EndsWith("reference vs current", StringComparison.Ordinal));

        using var missing = await App.GetAsync("models/penguins/versions/9");
        missing.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_model_card_renders_for_a_version_number_and_for_an_alias()
    {
        var byNumber = await App.PageAsync("models/penguins/card?version=1");
        var byAlias = await App.PageAsync("models/penguins/card?version=champion");

        foreach (var page in new[] { byNumber, byAlias })
        {
            var card = page.QuerySelector("[data-testid=model-card]")!;
            card.GetAttribute("data-model-uri").Should().Be("models:/penguins/1");
            card.QuerySelectorAll("h2, h3").Length.Should().BeGreaterThan(3);
            card.TextContent.Should().Contain(App.Seed.Version.ArtifactDigest);
        }

        using var unknown = await App.GetAsync("models/penguins/card?version=nobody");
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_serving_page_shows_the_live_version_why_and_drift_gauges_per_feature()
    {
        await App.PredictAndEvaluateDriftAsync(models.CompletePenguins.Take(60));
        var status = App.Services.GetRequiredService<IModelServer>().GetStatus("penguins");
        status.Drift.Should().NotBeNull();

        var page = await App.PageAsync("serving");

        var row = page.QuerySelector("[data-testid=served-model][data-key=penguins]")!;
        row.GetAttribute("data-live-version").Should().Be("1");
        row.GetAttribute("data-health").Should().Be(status.Health.ToString());
        row.TextContent.Should().Contain("@champion").And.Contain(status.Live!.Cause.Description);
        var gauges = page.QuerySelectorAll("[data-testid=drift-gauge]").ToList();
        gauges.Select(g => g.GetAttribute("data-column")).Should().Equal(status.Drift!.Report.Columns.Select(c => c.Column));
        foreach (var (gauge, column) in gauges.Zip(status.Drift.Report.Columns))
        {
            gauge.GetAttribute("data-drifted").Should().Be(column.Drifted ? "true" : "false");
            var meter = gauge.QuerySelector("meter")!;
            page.QuerySelector($"label[for='{meter.Id}']").Should().NotBeNull();
            double.Parse(meter.GetAttribute("value")!, CultureInfo.InvariantCulture).Should().BeApproximately(Math.Min(column.Score, double.Parse(meter.GetAttribute("max")!, CultureInfo.InvariantCulture)), 0.01);
        }

        page.QuerySelector("[data-testid=recent-swaps]")!.TextContent.Should().Contain("model.alias.set").And.Contain("alice");
    }

    [Fact]
    public async Task Pages_ship_their_own_stylesheet_and_reference_nothing_outside_the_app()
    {
        using var css = await App.GetAsync("assets/dashboard.css");
        css.StatusCode.Should().Be(HttpStatusCode.OK);
        css.Content.Headers.ContentType!.MediaType.Should().Be("text/css");
        (await css.Content.ReadAsStringAsync(Ct)).Should().Contain("@media").And.NotContain("http");

        foreach (var path in new[] { string.Empty, "runs", "models", "governance", "journal", "serving" })
        {
            var page = await App.PageAsync(path);
            page.QuerySelector("a.skip")!.GetAttribute("href").Should().Be("#main");
            page.QuerySelector("main#main").Should().NotBeNull();
            page.QuerySelectorAll("link[href], script[src], img[src]")
                .Select(e => e.GetAttribute("href") ?? e.GetAttribute("src"))
                .Should().OnlyContain(url => url!.StartsWith("/mlops/", StringComparison.Ordinal));
            page.QuerySelectorAll("th:not([scope])").Should().BeEmpty("every header cell says what it heads");
            page.QuerySelectorAll("input:not([type=hidden]), select").Where(i => page.QuerySelector($"label[for='{i.Id}']") is null)
                .Should().BeEmpty("every field is labelled");
        }
    }

    [Fact]
    public async Task With_a_policy_named_the_policy_decides_instead_of_the_remote_address()
    {
        await using var app = await DashboardApp.StartAsync(models, o => o.AuthorizationPolicy = DashboardApp.AdminsPolicy);

        using var remoteSignedIn = await app.GetAsync("runs", user: "bob", remoteIp: "192.0.2.10");
        using var localAnonymous = await app.GetAsync("runs");

        remoteSignedIn.StatusCode.Should().Be(HttpStatusCode.OK);
        localAnonymous.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }
}
