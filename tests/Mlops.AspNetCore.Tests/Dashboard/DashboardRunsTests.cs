using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Tracking;

namespace Mlops.AspNetCore.Tests.Dashboard;

/// <summary>The runs pages over HTTP on a real server, against runs a real ML.NET training logged through the tracker.</summary>
public sealed class DashboardRunsTests(TrainedModels models) : IAsyncLifetime
{
    private DashboardApp? _app;

    private DashboardApp App => _app!;

    private IExperimentTracker Tracker => App.Services.GetRequiredService<IExperimentTracker>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _app = await DashboardApp.StartAsync(models);

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private static List<IElement> Rows(IDocument page) => page.QuerySelectorAll("[data-testid=runs-table] [data-testid=run-row]").ToList();

    private static string Cell(IElement row, string field) => row.QuerySelector($"[data-field='{field}']")!.TextContent.Trim();

    [Fact]
    public async Task The_runs_table_shows_every_run_with_its_params_and_latest_metrics()
    {
        var page = await App.PageAsync($"runs?experiment={DashboardSeed.Experiment}");

        var rows = Rows(page);
        rows.Select(r => Cell(r, "attributes.run_name")).Should().BeEquivalentTo(DashboardSeed.Runs.Select(r => r.Name).Append(DashboardSeed.ChildRun));
        foreach (var row in rows.Where(r => Cell(r, "attributes.run_name") != DashboardSeed.ChildRun))
        {
            var run = await Tracker.GetRunAsync(row.GetAttribute("data-run-id")!, Ct);
            Cell(row, "params.l2").Should().Be(run.Params["l2"]);
            Cell(row, "metrics.log_loss").Should().Be(run.LatestMetrics["log_loss"].Value.ToString("0.######", CultureInfo.InvariantCulture));
            Cell(row, "attributes.status").Should().Be("Finished");
            row.QuerySelector("a")!.GetAttribute("href").Should().Be($"/mlops/runs/{run.RunId}");
        }

        page.QuerySelector("[data-testid=run-filter]")!.GetAttribute("name").Should().Be("filter");
        page.QuerySelector("label[for=filter]").Should().NotBeNull();
    }

    [Fact]
    public async Task Clicking_a_metric_header_sorts_the_runs_by_it_on_the_server_and_clicking_again_reverses()
    {
        var first = await App.PageAsync($"runs?experiment={DashboardSeed.Experiment}");
        var ascendingHref = first.QuerySelector("th[data-field='metrics.log_loss'] a")!.GetAttribute("href")!;

        var ascending = await App.PageAsync(ascendingHref);
        var descendingHref = ascending.QuerySelector("th[data-field='metrics.log_loss'] a")!.GetAttribute("href")!;
        var descending = await App.PageAsync(descendingHref);

        var expected = new List<(string Name, double Loss)>();
        foreach (var (name, id) in App.Seed.RunIds)
        {
            expected.Add((name, (await Tracker.GetRunAsync(id, Ct)).LatestMetrics["log_loss"].Value));
        }

        expected.Select(e => e.Loss).Should().OnlyHaveUniqueItems("the three L2 strengths give three different losses");
        ascendingHref.Should().Contain("order=metrics.log_loss%20ASC");
        ascending.QuerySelector("th[data-field='metrics.log_loss']")!.GetAttribute("aria-sort").Should().Be("ascending");
        Rows(ascending).Select(r => Cell(r, "attributes.run_name")).Should().Equal(expected.OrderBy(e => e.Loss).Select(e => e.Name).Append(DashboardSeed.ChildRun), "a run without the metric sorts last");
        Rows(descending).Select(r => Cell(r, "attributes.run_name")).Should().Equal(expected.OrderByDescending(e => e.Loss).Select(e => e.Name).Append(DashboardSeed.ChildRun), "a run without the metric sorts last");
        descending.QuerySelector("th[data-field='metrics.log_loss']")!.GetAttribute("aria-sort").Should().Be("descending");
    }

    [Fact]
    public async Task The_search_language_filters_the_runs_and_a_bad_filter_is_a_400_naming_the_problem()
    {
        var page = await App.PageAsync("runs?filter=" + Uri.EscapeDataString("params.l2 = '10'"));

        Rows(page).Should().ContainSingle().Which.GetAttribute("data-run-id").Should().Be(App.Seed.RunIds["sdca-l2-10"]);
        page.QuerySelector("[data-testid=run-filter]")!.GetAttribute("value").Should().Be("params.l2 = '10'");

        var numeric = await App.PageAsync("runs?filter=" + Uri.EscapeDataString("metrics.log_loss < 100 AND params.l2 != '10'"));
        Rows(numeric).Select(r => Cell(r, "attributes.run_name")).Should().BeEquivalentTo("sdca-l2-0.001", "sdca-l2-0.1");

        using var bad = await App.GetAsync("runs?filter=" + Uri.EscapeDataString("metrics.log_loss <<< 1"));
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var error = (await DashboardApp.Parse(await bad.Content.ReadAsStringAsync(Ct))).QuerySelector("[data-testid=search-error]");
        error.Should().NotBeNull();
        error!.TextContent.Should().NotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task A_run_page_has_one_svg_chart_per_metric_with_one_point_per_logged_step()
    {
        var runId = App.Seed.RunIds["sdca-l2-0.1"];

        var page = await App.PageAsync($"runs/{runId}");

        var charts = page.QuerySelectorAll("[data-testid=metric-chart]").ToList();
        charts.Select(c => c.GetAttribute("data-metric")).Should().BeEquivalentTo("log_loss", "macro_accuracy");
        foreach (var chart in charts)
        {
            var history = await Tracker.GetMetricHistoryAsync(runId, chart.GetAttribute("data-metric")!, Ct);
            chart.QuerySelector("svg").Should().NotBeNull();
            var points = chart.QuerySelectorAll("svg circle.point").ToList();
            points.Select(p => long.Parse(p.GetAttribute("data-step")!, CultureInfo.InvariantCulture)).Should().Equal(DashboardSeed.Steps);
            points.Select(p => double.Parse(p.GetAttribute("data-value")!, CultureInfo.InvariantCulture)).Should().Equal(history.Select(h => h.Value));
            chart.QuerySelector("polyline")!.GetAttribute("points")!.Split(' ').Should().HaveCount(DashboardSeed.Steps.Count);
        }

        page.QuerySelector("table[data-testid=metrics-table]")!.TextContent.Should().Contain("macro_accuracy");
        page.Body!.TextContent.Should().Contain("SdcaMaximumEntropy").And.Contain("penguins.json");
        var first = await App.PageAsync($"runs/{App.Seed.RunIds["sdca-l2-0.001"]}");
        first.Body!.TextContent.Should().Contain("model/").And.Contain("holdout-check");
    }

    [Fact]
    public async Task Comparing_runs_shows_a_diff_table_and_overlaid_charts()
    {
        var (a, b) = (App.Seed.RunIds["sdca-l2-0.001"], App.Seed.RunIds["sdca-l2-10"]);

        var page = await App.PageAsync($"compare?runs={a},{b}");

        var table = page.QuerySelector("[data-testid=compare-table]")!;
        table.QuerySelectorAll("thead th[data-run-id]").Select(h => h.GetAttribute("data-run-id")).Should().Equal(a, b);
        var l2 = table.QuerySelector("tr[data-field='params.l2']")!;
        l2.GetAttribute("data-differs").Should().Be("true");
        l2.QuerySelectorAll("td").Select(c => c.TextContent).Should().Equal("0.001", "10");
        table.QuerySelector("tr[data-field='params.trainer']")!.GetAttribute("data-differs").Should().Be("false");
        var losses = new List<string>();
        foreach (var id in new[] { a, b })
        {
            losses.Add((await Tracker.GetRunAsync(id, Ct)).LatestMetrics["log_loss"].Value.ToString("0.######", CultureInfo.InvariantCulture));
        }

        table.QuerySelector("tr[data-field='metrics.log_loss']")!.QuerySelectorAll("td").Select(c => c.TextContent).Should().Equal(losses);
        var chart = page.QuerySelector("[data-testid=metric-chart][data-metric=log_loss]")!;
        chart.QuerySelectorAll("g.series").Select(g => g.GetAttribute("data-series")).Should().Equal("sdca-l2-0.001", "sdca-l2-10");
        chart.QuerySelectorAll("circle.point").Should().HaveCount(2 * DashboardSeed.Steps.Count);

        using var one = await App.GetAsync($"compare?runs={a}");
        one.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_runs_table_selects_runs_for_comparison_with_a_get_form()
    {
        var page = await App.PageAsync("runs");

        var form = page.QuerySelector("[data-testid=runs-table]")!.Closest("form")!;
        form.GetAttribute("action").Should().Be("/mlops/compare");
        form.GetAttribute("method").Should().Be("get");
        var boxes = form.QuerySelectorAll("input[type=checkbox][name=runs]").ToList();
        boxes.Select(b => b.GetAttribute("value")).Should().HaveCount(4).And.Contain(App.Seed.RunIds.Values);
        boxes.Should().OnlyContain(b => page.QuerySelector($"label[for='{b.Id}']") != null);

        var compared = await App.PageAsync("compare?" + string.Join('&', App.Seed.RunIds.Values.Select(id => "runs=" + id)));
        compared.QuerySelectorAll("[data-testid=compare-table] thead th[data-run-id]").Should().HaveCount(3);
    }
}
