using Microsoft.AspNetCore.Http;
using Mlops.AspNetCore.Dashboard.Internal;
using Mlops.Tracking;

namespace Mlops.AspNetCore.Dashboard.Pages;

/// <summary>Experiments and runs: the searchable, sortable runs table, one run with its charts, and runs side by side.</summary>
internal static class RunsPages
{
    private static readonly (string Field, string Label)[] AttributeColumns =
    [
        ("attributes.run_name", "Run"), ("attributes.status", "Status"), ("attributes.start_time", "Started"), ("attributes.user", "User"),
    ];

    public static async Task<IResult> ListAsync(DashboardPage page)
    {
        var tracker = page.Service<IExperimentTracker>();
        if (tracker is null)
        {
            page.Missing("Experiment tracking", "AddMlops(m => m.AddTracking())");
            return page.Render("Runs", "runs");
        }

        var experiments = await tracker.ListExperimentsAsync(page.Aborted).ConfigureAwait(false);
        var experiment = page.Query("experiment");
        var filter = page.Query("filter");
        var order = page.Query("order");
        var pageToken = page.Query("page");
        WriteSearchForm(page, experiments, experiment, filter, order);
        var names = experiment is null ? experiments.Select(e => e.Name).ToList() : [experiment];
        if (names.Count == 0)
        {
            page.Body.Paragraph("No experiments yet.", "muted");
            return page.Render("Runs", "runs");
        }

        Search.RunSearchPage result;
        try
        {
            result = await tracker.SearchRunsAsync(new RunQuery(names)
            {
                Filter = filter,
                OrderBy = order is null ? null : [order],
                MaxResults = page.Options.PageSize,
                PageToken = pageToken,
            }, page.Aborted).ConfigureAwait(false);
        }
        catch (MlopsException e) when (e is Search.SearchParseException or MlopsValidationException or MlopsNotFoundException)
        {
            page.Body.Open("p", ("class", "notice error"), ("role", "alert"), ("data-testid", "search-error")).Text(e.Message).Close("p");
            return page.Render("Runs", "runs", StatusCodes.Status400BadRequest);
        }

        var experimentNames = experiments.ToDictionary(e => e.ExperimentId, e => e.Name, StringComparer.Ordinal);
        WriteTable(page, result.Runs, experimentNames, experiment, filter, order);
        page.Body.Raw("<nav class=\"pager\" aria-label=\"Pages\">");
        if (pageToken is not null)
        {
            page.Body.Link(RunsHref(page, experiment, filter, order, null), "First page");
        }

        if (result.NextPageToken is not null)
        {
            page.Body.Link(RunsHref(page, experiment, filter, order, result.NextPageToken), "Next page", ("rel", "next"));
        }

        page.Body.Raw("</nav>");
        return page.Render("Runs", "runs");
    }

    public static async Task<IResult> RunAsync(DashboardPage page, string runId)
    {
        if (page.Service<IExperimentTracker>() is not { } tracker)
        {
            page.Missing("Experiment tracking", "AddMlops(m => m.AddTracking())");
            return page.Render("Run", "runs");
        }

        Run run;
        try
        {
            run = await tracker.GetRunAsync(runId, page.Aborted).ConfigureAwait(false);
        }
        catch (MlopsNotFoundException e)
        {
            page.Body.Paragraph(e.Message, "notice error");
            return page.Render("Run not found", "runs", StatusCodes.Status404NotFound);
        }

        var body = page.Body;
        var info = run.Info;
        body.Raw("<dl class=\"facts\">");
        Fact(body, "Run id", info.RunId);
        Fact(body, "Status", info.Status.ToString());
        Fact(body, "Started", Html.Format(info.StartTime));
        Fact(body, "Ended", Html.Format(info.EndTime));
        Fact(body, "User", info.User);
        if (info.ParentRunId is not null)
        {
            body.Raw("<dt>Parent run</dt><dd>").Link(page.Href("runs/" + Html.Url(info.ParentRunId)), info.ParentRunId).Raw("</dd>");
        }

        if (info.Error is not null)
        {
            Fact(body, "Error", info.Error);
        }

        body.Raw("</dl>");
        body.Heading(2, "Parameters").KeyValues("Parameters", run.Params);
        body.Heading(2, "Metrics");
        if (run.LatestMetrics.Count == 0)
        {
            body.Paragraph("No metrics.", "muted");
        }
        else
        {
            body.Raw("<div class=\"scroll\"><table data-testid=\"metrics-table\"><caption>Latest value of each metric</caption><thead><tr><th scope=\"col\">Metric</th><th scope=\"col\">Value</th><th scope=\"col\">Step</th></tr></thead><tbody>");
            foreach (var metric in run.LatestMetrics.Values.OrderBy(m => m.Key, StringComparer.Ordinal))
            {
                body.Raw("<tr>").Element("th", metric.Key, ("scope", "row")).Element("td", Html.Format(metric.Value), ("class", "num"))
                    .Element("td", metric.Step.ToString(System.Globalization.CultureInfo.InvariantCulture), ("class", "num")).Raw("</tr>");
            }

            body.Raw("</tbody></table></div><div class=\"charts\">");
            foreach (var key in run.LatestMetrics.Keys.Order(StringComparer.Ordinal))
            {
                var history = await tracker.GetMetricHistoryAsync(run.RunId, key, page.Aborted).ConfigureAwait(false);
                Charts.Line(body, key, [new Charts.Series(info.RunName, history.Select(m => (m.Step, m.Value)).ToList())]);
            }

            body.Raw("</div>");
        }

        body.Heading(2, "Tags").KeyValues("Tags", run.Tags);
        WriteInputs(body, run.Inputs);
        var artifacts = await tracker.ListArtifactsAsync(run.RunId, cancellationToken: page.Aborted).ConfigureAwait(false);
        body.Heading(2, "Artifacts");
        if (artifacts.Count == 0)
        {
            body.Paragraph("No artifacts.", "muted");
        }
        else
        {
            body.Raw("<div class=\"scroll\"><table><caption>Artifacts</caption><thead><tr><th scope=\"col\">Path</th><th scope=\"col\">Bytes</th><th scope=\"col\">SHA-256</th></tr></thead><tbody>");
            foreach (var artifact in artifacts.OrderBy(a => a.Path, StringComparer.Ordinal))
            {
                body.Raw("<tr>").Element("th", artifact.Path, ("scope", "row")).Element("td", artifact.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), ("class", "num"))
                    .Element("td", artifact.Digest, ("class", "digest")).Raw("</tr>");
            }

            body.Raw("</tbody></table></div>");
        }

        var children = await tracker.GetChildRunsAsync(run.RunId, page.Aborted).ConfigureAwait(false);
        body.Heading(2, "Child runs");
        if (children.Count == 0)
        {
            body.Paragraph("No child runs.", "muted");
        }
        else
        {
            body.Raw("<ul>");
            foreach (var child in children)
            {
                body.Raw("<li>").Link(page.Href("runs/" + Html.Url(child.RunId)), child.RunName).Text($" ({child.Status})").Raw("</li>");
            }

            body.Raw("</ul>");
        }

        return page.Render("Run " + info.RunName, "runs");
    }

    public static async Task<IResult> CompareAsync(DashboardPage page)
    {
        if (page.Service<IExperimentTracker>() is not { } tracker)
        {
            page.Missing("Experiment tracking", "AddMlops(m => m.AddTracking())");
            return page.Render("Compare runs", "runs");
        }

        var ids = page.Context.Request.Query["runs"]
            .SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (ids.Count < 2)
        {
            page.Body.Paragraph("Select two or more runs on the runs page to compare them.", "notice");
            return page.Render("Compare runs", "runs", StatusCodes.Status400BadRequest);
        }

        var runs = new List<Run>();
        foreach (var id in ids)
        {
            try
            {
                runs.Add(await tracker.GetRunAsync(id, page.Aborted).ConfigureAwait(false));
            }
            catch (MlopsNotFoundException e)
            {
                page.Body.Paragraph(e.Message, "notice error");
                return page.Render("Compare runs", "runs", StatusCodes.Status404NotFound);
            }
        }

        var body = page.Body;
        body.Raw("<div class=\"scroll\"><table data-testid=\"compare-table\"><caption>Parameters and latest metrics; rows whose values differ are marked</caption><thead><tr><th scope=\"col\">Field</th>");
        foreach (var run in runs)
        {
            body.Open("th", ("scope", "col"), ("data-run-id", run.RunId)).Link(page.Href("runs/" + Html.Url(run.RunId)), run.Info.RunName).Close("th");
        }

        body.Raw("</tr></thead><tbody>");
        CompareRow(body, "status", runs.Select(r => (string?)r.Info.Status.ToString()).ToList());
        foreach (var key in runs.SelectMany(r => r.Params.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            CompareRow(body, "params." + key, runs.Select(r => r.Params.GetValueOrDefault(key)).ToList());
        }

        var metricKeys = runs.SelectMany(r => r.LatestMetrics.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        foreach (var key in metricKeys)
        {
            CompareRow(body, "metrics." + key, runs.Select(r => r.LatestMetrics.TryGetValue(key, out var m) ? Html.Format(m.Value) : null).ToList());
        }

        body.Raw("</tbody></table></div><h2>Metrics over steps</h2><div class=\"charts\">");
        foreach (var key in metricKeys)
        {
            var series = new List<Charts.Series>();
            foreach (var run in runs.Where(r => r.LatestMetrics.ContainsKey(key)))
            {
                var history = await tracker.GetMetricHistoryAsync(run.RunId, key, page.Aborted).ConfigureAwait(false);
                series.Add(new Charts.Series(run.Info.RunName, history.Select(m => (m.Step, m.Value)).ToList()));
            }

            Charts.Line(body, key, series);
        }

        body.Raw("</div>");
        return page.Render("Compare runs", "runs");
    }

    private static void CompareRow(Html body, string field, IReadOnlyList<string?> values)
    {
        var differs = values.Distinct(StringComparer.Ordinal).Count() > 1;
        body.Open("tr", ("class", differs ? "differs" : null), ("data-field", field), ("data-differs", differs ? "true" : "false"))
            .Open("th", ("scope", "row")).Text(field);
        if (differs)
        {
            body.Raw(" <span class=\"badge\">differs</span>");
        }

        body.Raw("</th>");
        foreach (var value in values)
        {
            body.Element("td", value ?? "—");
        }

        body.Raw("</tr>");
    }

    private static void WriteSearchForm(DashboardPage page, IReadOnlyList<Experiment> experiments, string? experiment, string? filter, string? order)
    {
        var body = page.Body;
        body.Open("form", ("method", "get"), ("action", page.Href("runs")), ("class", "search"), ("role", "search"))
            .Raw("<div class=\"field\"><label for=\"experiment\">Experiment</label><select id=\"experiment\" name=\"experiment\"><option value=\"\">All experiments</option>");
        foreach (var e in experiments)
        {
            body.Open("option", ("value", e.Name), ("selected", e.Name == experiment ? "selected" : null)).Text(e.Name).Close("option");
        }

        body.Raw("</select></div><div class=\"field wide\"><label for=\"filter\">Filter</label>")
            .Open("input", ("id", "filter"), ("name", "filter"), ("type", "search"), ("value", filter ?? string.Empty), ("data-testid", "run-filter"),
                ("placeholder", "metrics.accuracy > 0.9 AND params.trainer = 'sdca'"), ("aria-describedby", "filter-help"), ("spellcheck", "false"))
            .Raw("<small id=\"filter-help\">The search language: <code>metrics.</code>, <code>params.</code>, <code>tags.</code>, <code>attributes.</code> with =, !=, &lt;, &gt;, LIKE, ILIKE, IN, AND, OR.</small></div>")
            .Raw("<div class=\"field\"><label for=\"order\">Order by</label>")
            .Open("input", ("id", "order"), ("name", "order"), ("type", "text"), ("value", order ?? string.Empty), ("placeholder", "metrics.accuracy DESC"), ("data-testid", "run-order"), ("spellcheck", "false"))
            .Raw("</div><button type=\"submit\">Search</button></form>");
    }

    private static void WriteTable(DashboardPage page, IReadOnlyList<Run> runs, Dictionary<string, string> experimentNames, string? experiment, string? filter, string? order)
    {
        var body = page.Body;
        if (runs.Count == 0)
        {
            body.Paragraph("No runs match.", "muted");
        }

        var paramKeys = runs.SelectMany(r => r.Params.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var metricKeys = runs.SelectMany(r => r.LatestMetrics.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        body.Open("form", ("method", "get"), ("action", page.Href("compare")))
            .Raw("<div class=\"scroll\"><table data-testid=\"runs-table\"><caption>Runs")
            .Text(order is null ? string.Empty : $", ordered by {order}")
            .Raw("</caption><thead><tr><th scope=\"col\"><span class=\"visually-hidden\">Compare</span></th>");
        foreach (var (field, label) in AttributeColumns)
        {
            SortHeader(page, field, label, experiment, filter, order);
        }

        body.Raw("<th scope=\"col\">Experiment</th>");
        foreach (var key in paramKeys)
        {
            SortHeader(page, "params." + key, key, experiment, filter, order, "param");
        }

        foreach (var key in metricKeys)
        {
            SortHeader(page, "metrics." + key, key, experiment, filter, order, "metric");
        }

        body.Raw("</tr></thead><tbody>");
        foreach (var run in runs)
        {
            var id = "select-" + run.RunId;
            body.Open("tr", ("data-testid", "run-row"), ("data-run-id", run.RunId))
                .Raw("<td>").Open("input", ("type", "checkbox"), ("name", "runs"), ("value", run.RunId), ("id", id))
                .Open("label", ("for", id), ("class", "visually-hidden")).Text("Compare " + run.Info.RunName).Close("label").Raw("</td>")
                .Open("th", ("scope", "row"), ("data-field", "attributes.run_name")).Link(page.Href("runs/" + Html.Url(run.RunId)), run.Info.RunName).Close("th")
                .Element("td", run.Info.Status.ToString(), ("data-field", "attributes.status"))
                .Element("td", Html.Format(run.Info.StartTime), ("data-field", "attributes.start_time"))
                .Element("td", run.Info.User, ("data-field", "attributes.user"))
                .Element("td", experimentNames.GetValueOrDefault(run.Info.ExperimentId, run.Info.ExperimentId));
            foreach (var key in paramKeys)
            {
                body.Element("td", run.Params.GetValueOrDefault(key) ?? "—", ("data-field", "params." + key));
            }

            foreach (var key in metricKeys)
            {
                body.Element("td", run.LatestMetrics.TryGetValue(key, out var m) ? Html.Format(m.Value) : "—", ("class", "num"), ("data-field", "metrics." + key));
            }

            body.Raw("</tr>");
        }

        body.Raw("</tbody></table></div><button type=\"submit\" data-testid=\"compare-selected\">Compare selected runs</button></form>");
    }

    private static void SortHeader(DashboardPage page, string field, string label, string? experiment, string? filter, string? order, string? kind = null)
    {
        var ascending = string.Equals(order, field + " ASC", StringComparison.OrdinalIgnoreCase) || string.Equals(order, field, StringComparison.OrdinalIgnoreCase);
        var descending = string.Equals(order, field + " DESC", StringComparison.OrdinalIgnoreCase);
        var next = ascending ? field + " DESC" : field + " ASC";
        page.Body.Open("th", ("scope", "col"), ("data-field", field), ("class", kind), ("aria-sort", ascending ? "ascending" : descending ? "descending" : null))
            .Link(RunsHref(page, experiment, filter, next, null), label + (ascending ? " ▲" : descending ? " ▼" : string.Empty),
                ("data-testid", "sort-link"), ("title", $"Sort by {field} {(ascending ? "descending" : "ascending")}"))
            .Close("th");
    }

    private static string RunsHref(DashboardPage page, string? experiment, string? filter, string? order, string? pageToken)
    {
        var query = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                query.Add(name + "=" + Html.Url(value));
            }
        }

        Add("experiment", experiment);
        Add("filter", filter);
        Add("order", order);
        Add("page", pageToken);
        return page.Href("runs") + (query.Count == 0 ? string.Empty : "?" + string.Join('&', query));
    }

    internal static void WriteInputs(Html body, IReadOnlyList<DatasetInput> inputs)
    {
        body.Heading(2, "Datasets");
        if (inputs.Count == 0)
        {
            body.Paragraph("No datasets.", "muted");
            return;
        }

        body.Raw("<div class=\"scroll\"><table><caption>Datasets consumed</caption><thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Context</th><th scope=\"col\">Rows</th><th scope=\"col\">Source</th><th scope=\"col\">SHA-256</th></tr></thead><tbody>");
        foreach (var input in inputs)
        {
            body.Raw("<tr>").Element("th", input.Name, ("scope", "row")).Element("td", input.Context)
                .Element("td", input.RowCount?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "—", ("class", "num"))
                .Element("td", input.Source).Element("td", input.Digest, ("class", "digest")).Raw("</tr>");
        }

        body.Raw("</tbody></table></div>");
    }

    internal static void Fact(Html body, string term, string value) => body.Element("dt", term).Element("dd", value);
}
