using System.Globalization;
using Microsoft.AspNetCore.Http;
using Mlops.AspNetCore.Dashboard.Internal;
using Mlops.Journal;
using Mlops.Serving;

namespace Mlops.AspNetCore.Dashboard.Pages;

/// <summary>Serving: each served model's live version, why, health, routes, recent swaps and drift gauges.</summary>
internal static class ServingPage
{
    private static readonly string[] SwapKinds = [JournalKinds.ServingSwapped, JournalKinds.ModelAliasSet, JournalKinds.ModelAliasDeleted];

    public static async Task<IResult> RenderAsync(DashboardPage page)
    {
        var body = page.Body;
        if (page.Service<IModelServer>() is not { } server)
        {
            page.Missing("Serving", "AddMlops(m => m.AddServing(s => s.AddModel<TIn, TOut>(...)))");
            return page.Render("Serving", "serving");
        }

        var statuses = server.GetStatuses();
        if (statuses.Count == 0)
        {
            body.Paragraph("No model is served by this app.", "muted");
            return page.Render("Serving", "serving");
        }

        body.Raw("<div class=\"scroll\"><table data-testid=\"serving-table\"><caption>Served models</caption><thead><tr><th scope=\"col\">Key</th><th scope=\"col\">Model</th><th scope=\"col\">Follows</th><th scope=\"col\">Live version</th><th scope=\"col\">Since</th><th scope=\"col\">Cause</th><th scope=\"col\">Health</th><th scope=\"col\">Canary</th><th scope=\"col\">Shadow</th></tr></thead><tbody>");
        foreach (var status in statuses)
        {
            body.Open("tr", ("data-testid", "served-model"), ("data-key", status.Key), ("data-health", status.Health.ToString()),
                    ("data-live-version", status.Live?.Version.ToString(CultureInfo.InvariantCulture)))
                .Element("th", status.Key, ("scope", "row"))
                .Open("td").Link(page.Href("models/" + Html.Url(status.ModelName)), status.ModelName).Close("td")
                .Element("td", status.Alias is not null ? "@" + status.Alias : "pinned v" + status.PinnedVersion?.ToString(CultureInfo.InvariantCulture))
                .Open("td");
            if (status.Live is { } live)
            {
                body.Link(page.Href($"models/{Html.Url(status.ModelName)}/versions/{live.Version.ToString(CultureInfo.InvariantCulture)}"), "v" + live.Version.ToString(CultureInfo.InvariantCulture));
            }
            else
            {
                body.Text("nothing loaded");
            }

            body.Close("td")
                .Element("td", Html.Format(status.Live?.Since))
                .Element("td", status.Live?.Cause.Description ?? "—")
                .Open("td", ("class", "health " + status.Health.ToString().ToLowerInvariant())).Text(status.Health.ToString())
                .Text(status.Disabled is not null ? " (stopped by the kill switch)" : string.Empty)
                .Text(status.LastError is not null ? $" — last error {Html.Format(status.LastErrorAt)}: {status.LastError}" : string.Empty).Close("td")
                .Element("td", status.Canary is { } canary ? $"v{canary.Version.ToString(CultureInfo.InvariantCulture)} at {Html.Format(status.CanaryPercentage)}%" : "—")
                .Element("td", status.Shadow is { } shadow
                    ? $"v{shadow.Version.ToString(CultureInfo.InvariantCulture)}: {status.ShadowStatistics.Compared.ToString(CultureInfo.InvariantCulture)} compared, {Html.Format(status.ShadowStatistics.DisagreementRate * 100)}% disagree"
                    : "—")
                .Raw("</tr>");
        }

        body.Raw("</tbody></table></div>");
        var journal = page.Service<IJournal>();
        foreach (var status in statuses)
        {
            body.Open("section", ("class", "served"), ("aria-labelledby", "served-" + status.Key), ("data-key", status.Key)).Heading(2, status.Key, "served-" + status.Key);
            body.Heading(3, "Drift");
            if (status.Drift is not { } drift)
            {
                body.Paragraph("No online drift evaluation yet.", "muted");
            }
            else
            {
                body.Paragraph($"Version {drift.Version.ToString(CultureInfo.InvariantCulture)}, {drift.WindowRows.ToString(CultureInfo.InvariantCulture)} rows evaluated at {Html.Format(drift.EvaluatedAt)}: "
                    + (drift.OverThreshold ? "the data set drifted." : "under threshold."), drift.OverThreshold ? "verdict failed" : "verdict passed");
                body.Raw("<div class=\"gauges\">");
                foreach (var column in drift.Report.Columns)
                {
                    Charts.Gauge(body, column.Column, column.Score, column.Threshold, column.PValue is not null, column.Drifted);
                }

                body.Raw("</div>");
            }

            body.Heading(3, "Recent swaps");
            if (journal is null)
            {
                body.Paragraph("The journal is not available.", "muted");
            }
            else
            {
                var entries = await journal.QueryAsync(new JournalQuery { Subject = "model/" + status.ModelName, Kinds = SwapKinds, MaxResults = 100_000 }, page.Aborted).ConfigureAwait(false);
                var recent = entries.Reverse().Take(10).ToList();
                if (recent.Count == 0)
                {
                    body.Paragraph("No alias moves or swaps recorded.", "muted");
                }
                else
                {
                    body.Raw("<ul class=\"swaps\" data-testid=\"recent-swaps\">");
                    foreach (var entry in recent)
                    {
                        body.Open("li", ("data-sequence", entry.Sequence.ToString(CultureInfo.InvariantCulture)))
                            .Text($"#{entry.Sequence.ToString(CultureInfo.InvariantCulture)} {Html.Format(entry.Timestamp)} {entry.Kind} on {entry.Subject} by {entry.Actor} ")
                            .Element("code", entry.Payload, ("class", "payload")).Close("li");
                    }

                    body.Raw("</ul>");
                }
            }

            body.Close("section");
        }

        return page.Render("Serving", "serving");
    }
}
