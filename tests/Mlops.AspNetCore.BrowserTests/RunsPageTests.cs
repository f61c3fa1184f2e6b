using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Mlops.AspNetCore.BrowserTests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace Mlops.AspNetCore.BrowserTests;

/// <summary>Experiments and runs: the table, the search language, sorting, a run's charts and the comparison.</summary>
public sealed class RunsPageTests(DashboardSite site)
{
    private TrainingStore Store => site.Store;

    [Fact]
    public async Task The_dashboard_opens_on_the_runs_table_listing_every_tracked_run()
    {
        await using var session = await site.OpenAsync();
        var page = session.Page;

        await page.GotoAsync(DashboardSite.Url(string.Empty));
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Dashboard" }).GetByRole(AriaRole.Link, new() { Name = "Runs", Exact = true }).ClickAsync();

        var rows = page.GetByTestId("runs-table").GetByTestId("run-row");
        await Expect(rows).ToHaveCountAsync(Store.Runs.Count);
        (await RunIdsAsync(page)).Should().BeEquivalentTo(Store.Runs.Select(r => r.RunId));
        foreach (var run in Store.Runs)
        {
            var row = page.Locator($"[data-testid=run-row][data-run-id='{run.RunId}']");
            await Expect(row.GetByRole(AriaRole.Link, new() { Name = run.RunName })).ToBeVisibleAsync();
            await Expect(row.Locator("[data-field='params.trainer']")).ToHaveTextAsync(run.Trainer);
            await Expect(row.Locator("[data-field='params.l2']")).ToHaveTextAsync(run.L2);
        }

        await Screenshots.TakeAsync(page, "runs");
        session.AssertNoExternalRequests();
    }

    [Fact]
    public async Task A_filter_in_the_search_language_shows_only_the_matching_runs()
    {
        await using var session = await site.OpenAsync();
        var page = session.Page;
        await page.GotoAsync(DashboardSite.Url("runs"));
        await Expect(page.GetByTestId("run-row")).ToHaveCountAsync(Store.Runs.Count);

        // A param filter: the two lbfgs runs.
        await page.GetByTestId("run-filter").FillAsync("params.trainer = 'lbfgs-maxent'");
        await page.GetByTestId("run-filter").PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex("filter=params"));
        var lbfgs = Store.Runs.Where(r => r.Trainer == "lbfgs-maxent").Select(r => r.RunId).ToList();
        lbfgs.Should().HaveCount(2);
        await Expect(page.GetByTestId("run-row")).ToHaveCountAsync(lbfgs.Count);
        (await RunIdsAsync(page)).Should().BeEquivalentTo(lbfgs);
        await Expect(page.GetByTestId("run-filter")).ToHaveValueAsync("params.trainer = 'lbfgs-maxent'");

        // A metric filter: strictly above the weakest run's test macro-accuracy (computed by the training, not assumed).
        var threshold = Store.Runs.Min(r => r.TestMacroAccuracy);
        var better = Store.Runs.Where(r => r.TestMacroAccuracy > threshold).Select(r => r.RunId).ToList();
        var filter = "metrics.test_macro_accuracy > " + threshold.ToString("R", CultureInfo.InvariantCulture);
        await page.GetByTestId("run-filter").FillAsync(filter);
        await page.GetByTestId("run-filter").PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex("filter=metrics"));
        await Expect(page.GetByTestId("run-filter")).ToHaveValueAsync(filter);
        await Expect(page.GetByTestId("run-row")).ToHaveCountAsync(better.Count);
        (await RunIdsAsync(page)).Should().BeEquivalentTo(better);
        session.AssertNoExternalRequests();
    }

    [Fact]
    public async Task Clicking_a_metric_header_sorts_the_runs_by_that_metric()
    {
        await using var session = await site.OpenAsync();
        var page = session.Page;
        await page.GotoAsync(DashboardSite.Url("runs"));
        var header = page.Locator("th[data-field='metrics.test_macro_accuracy']");
        var values = Store.Runs.ToDictionary(r => r.RunId, r => r.TestMacroAccuracy);

        await header.GetByTestId("sort-link").ClickAsync();
        await Expect(header).ToHaveAttributeAsync("aria-sort", "ascending");
        (await RunIdsAsync(page)).Select(id => values[id]).Should().BeInAscendingOrder().And.HaveCount(Store.Runs.Count);

        await header.GetByTestId("sort-link").ClickAsync();
        await Expect(header).ToHaveAttributeAsync("aria-sort", "descending");
        (await RunIdsAsync(page)).Select(id => values[id]).Should().BeInDescendingOrder().And.HaveCount(Store.Runs.Count);

        // A param header sorts as text: ascending, the two lbfgs runs come before the sdca run.
        var trainer = page.Locator("th[data-field='params.trainer']");
        await trainer.GetByTestId("sort-link").ClickAsync();
        await Expect(trainer).ToHaveAttributeAsync("aria-sort", "ascending");
        (await RunIdsAsync(page)).Select(id => Store.Runs.Single(r => r.RunId == id).Trainer).Should().Equal("lbfgs-maxent", "lbfgs-maxent", "sdca-maxent");
        session.AssertNoExternalRequests();
    }

    [Fact]
    public async Task A_run_page_charts_each_metric_with_one_point_per_logged_step()
    {
        await using var session = await site.OpenAsync();
        var page = session.Page;
        var run = Store.Runs[0];
        await page.GotoAsync(DashboardSite.Url("runs"));
        await page.GetByRole(AriaRole.Link, new() { Name = run.RunName, Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(run.RunName);
        var chart = page.Locator("[data-testid=metric-chart][data-metric='cv_macro_accuracy']");
        await Expect(chart.Locator("svg")).ToBeVisibleAsync();
        var points = chart.Locator("svg circle.point");
        await Expect(points).ToHaveCountAsync(run.CvMacroAccuracy.Count);
        (await points.EvaluateAllAsync<string[]>("ps => ps.map(p => p.getAttribute('data-step'))")).Should().Equal("0", "1", "2", "3", "4");
        var plotted = await points.EvaluateAllAsync<string[]>("ps => ps.map(p => p.getAttribute('data-value'))");
        plotted.Select(v => double.Parse(v, CultureInfo.InvariantCulture)).Should().Equal(run.CvMacroAccuracy, (a, b) => Math.Abs(a - b) < 1e-9);
        await Expect(page.Locator("[data-testid=metric-chart][data-metric='cv_log_loss'] svg circle.point")).ToHaveCountAsync(5);
        // A metric logged once (at step 0) is one point.
        await Expect(page.Locator("[data-testid=metric-chart][data-metric='test_macro_accuracy'] svg circle.point")).ToHaveCountAsync(1);

        await Screenshots.TakeAsync(page, "run");
        session.AssertNoExternalRequests();
    }

    [Fact]
    public async Task Two_runs_selected_on_the_runs_page_are_compared_side_by_side()
    {
        await using var session = await site.OpenAsync();
        var page = session.Page;
        var (weak, strong) = (Store.Runs.Single(r => r.L2 == "10"), Store.Runs.Single(r => r.Trainer == "lbfgs-maxent" && r.L2 == "0.01"));
        await page.GotoAsync(DashboardSite.Url("runs"));
        await page.GetByLabel("Compare " + weak.RunName, new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Compare " + strong.RunName, new() { Exact = true }).CheckAsync();
        await page.GetByTestId("compare-selected").ClickAsync();

        var table = page.GetByTestId("compare-table");
        await Expect(table).ToBeVisibleAsync();
        await Expect(table.Locator("thead th[data-run-id]")).ToHaveCountAsync(2);
        await Expect(table.Locator("thead")).ToContainTextAsync(weak.RunName);
        await Expect(table.Locator("thead")).ToContainTextAsync(strong.RunName);
        var l2 = table.Locator("tr[data-field='params.l2']");
        await Expect(l2).ToHaveAttributeAsync("data-differs", "true");
        var columns = await table.Locator("thead th[data-run-id]").EvaluateAllAsync<string[]>("hs => hs.map(h => h.getAttribute('data-run-id'))");
        await Expect(l2.Locator("td")).ToHaveTextAsync(columns.Select(id => Store.Runs.Single(r => r.RunId == id).L2).ToArray());
        await Expect(table.Locator("tr[data-field='params.trainer']")).ToHaveAttributeAsync("data-differs", "false");

        // The overlaid chart: one series per run, five fold points each.
        var chart = page.Locator("[data-testid=metric-chart][data-metric='cv_macro_accuracy']");
        await Expect(chart.Locator("svg g[data-series]")).ToHaveCountAsync(2);
        await Expect(chart.Locator($"svg g[data-series='{weak.RunName}'] circle.point")).ToHaveCountAsync(5);
        await Expect(chart.Locator($"svg g[data-series='{strong.RunName}'] circle.point")).ToHaveCountAsync(5);

        await Screenshots.TakeAsync(page, "compare");
        session.AssertNoExternalRequests();
    }

    private static Task<string[]> RunIdsAsync(IPage page) =>
        page.GetByTestId("run-row").EvaluateAllAsync<string[]>("rows => rows.map(r => r.getAttribute('data-run-id'))");
}
