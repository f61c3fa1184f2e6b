using Microsoft.Playwright;
using Mlops.AspNetCore.BrowserTests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace Mlops.AspNetCore.BrowserTests;

/// <summary>Registered models: the list, a model's versions and aliases, a version's signature, lineage and validation.</summary>
public sealed class ModelPagesTests(DashboardSite site)
{
    private TrainingStore Store => site.Store;

    [Fact]
    public async Task A_model_page_lists_its_versions_and_aliases_and_a_version_page_shows_signature_lineage_and_validation()
    {
        await using var session = await site.OpenAsync();
        var page = session.Page;
        await page.GotoAsync(DashboardSite.Url("models"));
        await page.GetByRole(AriaRole.Link, new() { Name = TrainingStore.ModelName, Exact = true }).ClickAsync();

        await Expect(page.GetByTestId("version-row")).ToHaveCountAsync(2);
        await Expect(page.Locator("[data-testid=version-row][data-version='1']")).ToContainTextAsync("champion");
        await Expect(page.Locator("[data-testid=version-row][data-version='1']")).ToContainTextAsync(TrainingStore.Author);

        await page.GetByRole(AriaRole.Link, new() { Name = "Version 1", Exact = true }).ClickAsync();
        var signature = page.GetByTestId("signature");
        foreach (var column in new[] { "BeakLength", "BeakDepth", "FlipperLength", "BodyMass", "PredictedSpecies" })
        {
            await Expect(signature).ToContainTextAsync(column);
        }

        // Lineage: the run that trained v1 and the datasets it logged.
        var lineage = page.GetByTestId("lineage");
        await Expect(lineage.GetByRole(AriaRole.Link, new() { Name = Store.Runs[0].RunName, Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByText("penguins-train").First).ToBeVisibleAsync();
        await Expect(page.GetByText("penguins-test").First).ToBeVisibleAsync();

        // The attached validation report: PASSED, drift per feature, and a histogram per drift column.
        var report = page.GetByTestId("validation-report");
        await Expect(report).ToHaveAttributeAsync("data-verdict", "Passed");
        await Expect(report.GetByTestId("drift-table").Locator("tbody tr")).ToHaveCountAsync(4);
        var histograms = report.GetByTestId("drift-histogram");
        await Expect(histograms).ToHaveCountAsync(4);
        (await histograms.EvaluateAllAsync<string[]>("hs => hs.map(h => h.getAttribute('data-column'))"))
            .Should().BeEquivalentTo("BeakLength", "BeakDepth", "FlipperLength", "BodyMass");
        foreach (var histogram in await histograms.AllAsync())
        {
            (await histogram.Locator("svg rect.bar").CountAsync()).Should().BeGreaterThan(1, "a histogram has bars");
            (await histogram.Locator("svg rect.bar.current").CountAsync()).Should().BeGreaterThan(0, "the evaluated data is drawn beside the reference");
        }

        await Screenshots.TakeAsync(page, "model-version");
        session.AssertNoExternalRequests();
    }
}
