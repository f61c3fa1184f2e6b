using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Mlops.AspNetCore.BrowserTests.TestSupport;
using Mlops.Serving;
using static Microsoft.Playwright.Assertions;

namespace Mlops.AspNetCore.BrowserTests;

/// <summary>
/// Governance in the browser: a promotion requested by the version's author (alice) is approved on the page by the
/// dashboard's actor (reviewer), with the mouse and with the keyboard; the journal's chain; the serving page.
/// Each approval test files its own request for its own guarded alias, so the tests do not depend on each other.
/// </summary>
public sealed class GovernanceTests(DashboardSite site)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private TrainingStore Store => site.Store;

    [Fact]
    public async Task Approving_a_pending_promotion_shows_the_outcome_and_moves_the_alias()
    {
        await using var session = await site.OpenAsync();
        var page = session.Page;
        var request = await Store.RequestPromotionAsync("production", "v2 passed validation; please review", Ct);
        (await Store.GetModelAsync(Ct)).Aliases.Should().NotContainKey("production", "the policy holds the move until someone approves");

        await page.GotoAsync(DashboardSite.Url("governance"));
        await Expect(page.GetByTestId("current-actor")).ToHaveTextAsync(DashboardSite.Approver);
        var card = page.Locator($"[data-testid=promotion-request][data-request-id='{request.Id}']");
        await Expect(card).ToContainTextAsync($"{TrainingStore.ModelName}: move 'production' to version 2");
        await Expect(card).ToContainTextAsync(TrainingStore.Author);
        await Expect(card).ToContainTextAsync("0 of 1");
        await Screenshots.TakeAsync(page, "governance");

        await card.GetByLabel("Comment (optional)").FillAsync("report and lineage reviewed");
        await card.GetByTestId("approve").ClickAsync();

        await Expect(page.GetByTestId("flash")).ToContainTextAsync("Approved: penguin-species 'production' → version 2; alias moved.");
        await Expect(page.Locator($"[data-testid=promotion-request][data-request-id='{request.Id}']")).ToHaveCountAsync(0);
        await Expect(page.Locator($"[data-testid=decisions-table] tr[data-request-id='{request.Id}']")).ToHaveAttributeAsync("data-status", "Approved");
        await Expect(page.Locator($"[data-testid=decisions-table] tr[data-request-id='{request.Id}']")).ToContainTextAsync(DashboardSite.Approver);

        // The model page shows the alias where the approval moved it (and the store agrees).
        await page.GotoAsync(DashboardSite.Url($"models/{TrainingStore.ModelName}"));
        await Expect(page.Locator("[data-testid=version-row][data-version='2']")).ToContainTextAsync("production");
        await Expect(page.Locator("[data-testid=version-row][data-version='1']")).Not.ToContainTextAsync("production");
        (await Store.GetModelAsync(Ct)).Aliases.Should().Contain("production", 2);
        session.AssertNoExternalRequests();
    }

    [Fact]
    public async Task The_approve_button_is_reachable_and_operable_by_keyboard()
    {
        await using var session = await site.OpenAsync();
        var page = session.Page;
        var request = await Store.RequestPromotionAsync("staging", "v2 for staging", Ct);
        await page.GotoAsync(DashboardSite.Url("governance"));
        var approve = page.Locator($"[data-testid=promotion-request][data-request-id='{request.Id}'] [data-testid=approve]");
        await Expect(approve).ToBeVisibleAsync();

        // Tab from the top of the page until the approve button of this request has focus (a bounded walk).
        var reached = false;
        for (var presses = 0; presses < 100 && !reached; presses++)
        {
            await page.Keyboard.PressAsync("Tab");
            reached = await approve.EvaluateAsync<bool>("b => document.activeElement === b");
        }

        reached.Should().BeTrue("Tab reaches the approve button within 100 presses");
        await Expect(approve).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.GetByTestId("flash")).ToContainTextAsync("Approved: penguin-species 'staging' → version 2; alias moved.");
        await Expect(page.Locator($"[data-testid=decisions-table] tr[data-request-id='{request.Id}']")).ToHaveAttributeAsync("data-status", "Approved");
        (await Store.GetModelAsync(Ct)).Aliases.Should().Contain("staging", 2);
        session.AssertNoExternalRequests();
    }

    [Fact]
    public async Task The_journal_page_shows_the_chain_verified()
    {
        await using var session = await site.OpenAsync();
        var page = session.Page;
        await page.GotoAsync(DashboardSite.Url(string.Empty));
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Dashboard" }).GetByRole(AriaRole.Link, new() { Name = "Journal", Exact = true }).ClickAsync();

        await Expect(page.GetByTestId("chain-status")).ToContainTextAsync(new Regex("verified"));
        await Expect(page.GetByTestId("chain-status")).Not.ToContainTextAsync("BROKEN");
        // Newest first: the sequence numbers go down.
        var sequences = await page.GetByTestId("journal-entry").EvaluateAllAsync<long[]>("rows => rows.map(r => Number(r.getAttribute('data-sequence')))");
        sequences.Should().NotBeEmpty().And.BeInDescendingOrder();
        await Expect(page.Locator("[data-testid=journal-entry][data-kind='model.alias.set']").First).ToBeVisibleAsync();

        await Screenshots.TakeAsync(page, "journal", fullPage: false);
        session.AssertNoExternalRequests();
    }

    [Fact]
    public async Task The_serving_page_shows_the_served_model_with_its_drift_gauges()
    {
        await using var session = await site.OpenAsync();
        var page = session.Page;
        await page.GotoAsync(DashboardSite.Url("serving"));

        var served = page.GetByTestId("served-model");
        await Expect(served).ToHaveCountAsync(1);
        await Expect(served).ToContainTextAsync(TrainingStore.ModelName);
        await Expect(served).ToContainTextAsync("champion");
        await Expect(served).ToContainTextAsync("1"); // the live version

        // One gauge per column of the live drift report (the fixture fed the test split and evaluated it).
        var report = site.Services.GetRequiredService<IModelServer>().GetStatuses().Single().Drift!.Report;
        var gauges = page.GetByTestId("drift-gauge");
        await Expect(gauges).ToHaveCountAsync(report.Columns.Count);
        var shown = await gauges.EvaluateAllAsync<string[]>("gs => gs.map(g => g.getAttribute('data-column') + '=' + g.getAttribute('data-drifted'))");
        shown.Should().BeEquivalentTo(report.Columns.Select(c => $"{c.Column}={(c.Drifted ? "true" : "false")}"));
        shown.Should().Contain(["BeakLength=false", "BeakDepth=false", "FlipperLength=false", "BodyMass=false"], "the test split is drawn from the training data");
        await Expect(gauges.Locator("meter")).ToHaveCountAsync(report.Columns.Count);

        await Screenshots.TakeAsync(page, "serving");
        session.AssertNoExternalRequests();
    }
}
