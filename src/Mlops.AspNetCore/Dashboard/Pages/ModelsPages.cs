using System.Globalization;
using Microsoft.AspNetCore.Http;
using Mlops.AspNetCore.Dashboard.Internal;
using Mlops.Governance;
using Mlops.Registry;
using Mlops.Validation;

namespace Mlops.AspNetCore.Dashboard.Pages;

/// <summary>Registered models: the list, one model's versions and aliases, one version's signature, lineage and validation, and model cards.</summary>
internal static class ModelsPages
{
    private const string AddRegistry = "AddMlops(m => m.AddRegistry())";

    public static async Task<IResult> ListAsync(DashboardPage page)
    {
        if (page.Service<IModelRegistry>() is not { } registry)
        {
            page.Missing("The model registry", AddRegistry);
            return page.Render("Models", "models");
        }

        var models = await registry.ListModelsAsync(page.Aborted).ConfigureAwait(false);
        var body = page.Body;
        if (models.Count == 0)
        {
            body.Paragraph("No registered models yet.", "muted");
            return page.Render("Models", "models");
        }

        body.Raw("<div class=\"scroll\"><table data-testid=\"models-table\"><caption>Registered models</caption><thead><tr><th scope=\"col\">Model</th><th scope=\"col\">Latest version</th><th scope=\"col\">Aliases</th><th scope=\"col\">Updated</th><th scope=\"col\">Description</th></tr></thead><tbody>");
        foreach (var model in models)
        {
            body.Open("tr", ("data-testid", "model-row"), ("data-model", model.Name))
                .Open("th", ("scope", "row")).Link(page.Href("models/" + Html.Url(model.Name)), model.Name).Close("th")
                .Element("td", model.LatestVersion.ToString(CultureInfo.InvariantCulture), ("class", "num"))
                .Element("td", Aliases(model.Aliases))
                .Element("td", Html.Format(model.UpdatedAt))
                .Element("td", model.Description ?? string.Empty)
                .Raw("</tr>");
        }

        body.Raw("</tbody></table></div>");
        return page.Render("Models", "models");
    }

    public static async Task<IResult> ModelAsync(DashboardPage page, string name)
    {
        if (page.Service<IModelRegistry>() is not { } registry)
        {
            page.Missing("The model registry", AddRegistry);
            return page.Render(name, "models");
        }

        RegisteredModel model;
        try
        {
            model = await registry.GetModelAsync(name, page.Aborted).ConfigureAwait(false);
        }
        catch (MlopsNotFoundException e)
        {
            page.Body.Paragraph(e.Message, "notice error");
            return page.Render("Model not found", "models", StatusCodes.Status404NotFound);
        }

        var versions = await registry.ListVersionsAsync(name, page.Aborted).ConfigureAwait(false);
        var body = page.Body;
        if (model.Description is not null)
        {
            body.Paragraph(model.Description);
        }

        body.Heading(2, "Aliases").KeyValues("Aliases", model.Aliases.Select(a => KeyValuePair.Create(a.Key, "version " + a.Value.ToString(CultureInfo.InvariantCulture))), "Alias", "Points at");
        body.Heading(2, "Versions").Raw("<div class=\"scroll\"><table data-testid=\"versions-table\"><caption>Versions</caption><thead><tr><th scope=\"col\">Version</th><th scope=\"col\">Status</th><th scope=\"col\">Aliases</th><th scope=\"col\">Flavor</th><th scope=\"col\">Registered</th><th scope=\"col\">By</th><th scope=\"col\">Run</th><th scope=\"col\">Validation</th></tr></thead><tbody>");
        foreach (var version in versions.Reverse())
        {
            var v = version.Version.ToString(CultureInfo.InvariantCulture);
            body.Open("tr", ("data-testid", "version-row"), ("data-version", v))
                .Open("th", ("scope", "row")).Link(page.Href($"models/{Html.Url(name)}/versions/{v}"), "Version " + v).Close("th")
                .Element("td", version.Status.ToString())
                .Element("td", string.Join(", ", version.Aliases))
                .Element("td", version.Flavor)
                .Element("td", Html.Format(version.CreatedAt))
                .Element("td", version.CreatedBy)
                .Raw("<td>");
            if (version.RunId is not null)
            {
                body.Link(page.Href("runs/" + Html.Url(version.RunId)), version.RunId[..Math.Min(8, version.RunId.Length)]);
            }

            body.Raw("</td>").Element("td", version.Tags.GetValueOrDefault(ValidationTags.Verdict) ?? "—").Raw("</tr>");
        }

        body.Raw("</tbody></table></div>");
        body.Heading(2, "Tags").KeyValues("Tags", model.Tags);
        body.Raw("<p>").Link(page.Href($"models/{Html.Url(name)}/card"), "Model card of the latest version").Raw("</p>");
        return page.Render("Model " + name, "models");
    }

    public static async Task<IResult> VersionAsync(DashboardPage page, string name, int number)
    {
        if (page.Service<IModelRegistry>() is not { } registry)
        {
            page.Missing("The model registry", AddRegistry);
            return page.Render(name, "models");
        }

        ModelLineage lineage;
        try
        {
            lineage = await registry.GetLineageAsync(ModelUri.ForVersion(name, number).ToString(), page.Aborted).ConfigureAwait(false);
        }
        catch (MlopsNotFoundException e)
        {
            page.Body.Paragraph(e.Message, "notice error");
            return page.Render("Version not found", "models", StatusCodes.Status404NotFound);
        }

        var version = lineage.Version;
        var body = page.Body;
        body.Raw("<p>").Link(page.Href("models/" + Html.Url(name)), "← " + name).Raw(" · ")
            .Link(page.Href($"models/{Html.Url(name)}/card?version={number.ToString(CultureInfo.InvariantCulture)}"), "Model card").Raw("</p><dl class=\"facts\">");
        RunsPages.Fact(body, "URI", version.Uri);
        RunsPages.Fact(body, "Status", version.Status.ToString());
        RunsPages.Fact(body, "Aliases", version.Aliases.Count == 0 ? "—" : string.Join(", ", version.Aliases));
        RunsPages.Fact(body, "Flavor", version.Flavor);
        RunsPages.Fact(body, "Registered", $"{Html.Format(version.CreatedAt)} by {version.CreatedBy}");
        RunsPages.Fact(body, "Source", version.Source);
        RunsPages.Fact(body, "Model file SHA-256", version.ArtifactDigest);
        body.Raw("</dl>");
        WriteSignature(body, version.Signature);

        body.Heading(2, "Lineage").Raw("<dl class=\"facts\" data-testid=\"lineage\">");
        if (lineage.Run is { } run)
        {
            body.Raw("<dt>Run</dt><dd>").Link(page.Href("runs/" + Html.Url(run.RunId)), run.RunName).Text($" ({run.RunId})").Raw("</dd>");
        }
        else
        {
            RunsPages.Fact(body, "Run", "registered without a run");
        }

        if (lineage.GitCommit is not null)
        {
            RunsPages.Fact(body, "Source commit", lineage.GitCommit + (lineage.GitDirty == true ? " (with uncommitted changes)" : string.Empty));
        }

        body.Raw("</dl>");
        RunsPages.WriteInputs(body, lineage.Datasets);
        body.Heading(2, "Tags").KeyValues("Tags", version.Tags);
        await WriteValidationAsync(page, version).ConfigureAwait(false);
        return page.Render($"{name} version {number.ToString(CultureInfo.InvariantCulture)}", "models");
    }

    public static async Task<IResult> CardAsync(DashboardPage page, string name)
    {
        if (page.Service<IModelCards>() is not { } cards)
        {
            page.Missing("Model cards", "AddMlops(m => m.AddGovernance())");
            return page.Render("Model card", "models");
        }

        var selector = page.Query("version");
        var uri = selector is null ? $"models:/{name}/latest"
            : int.TryParse(selector.TrimStart('v'), NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? ModelUri.ForVersion(name, number).ToString()
            : ModelUri.ForAlias(name, selector).ToString();
        ModelCard card;
        try
        {
            card = await cards.GenerateAsync(uri, page.Aborted).ConfigureAwait(false);
        }
        catch (MlopsException e) when (e is MlopsNotFoundException or MlopsValidationException)
        {
            page.Body.Paragraph(e.Message, "notice error");
            return page.Render("Model card", "models", StatusCodes.Status404NotFound);
        }

        page.Body.Open("article", ("class", "card markdown"), ("data-testid", "model-card"), ("data-model-uri", card.ModelUri));
        Markdown.Render(page.Body, card.ToMarkdown());
        page.Body.Close("article");
        return page.Render("Model card: " + card.ModelUri, "models");
    }

    private static void WriteSignature(Html body, string? json)
    {
        body.Heading(2, "Signature");
        if (json is null)
        {
            body.Paragraph("This version has no signature.", "muted");
            return;
        }

        var signature = ModelSignature.FromJson(json);
        body.Raw("<div class=\"scroll\"><table data-testid=\"signature\"><caption>Inputs and outputs</caption><thead><tr><th scope=\"col\">Column</th><th scope=\"col\">Direction</th><th scope=\"col\">Type</th><th scope=\"col\">Shape</th><th scope=\"col\">Nullable</th></tr></thead><tbody>");
        foreach (var (column, direction) in signature.Inputs.Select(c => (c, "input")).Concat(signature.Outputs.Select(c => (c, "output"))))
        {
            body.Raw("<tr>").Element("th", column.Name, ("scope", "row")).Element("td", direction).Element("td", column.Type)
                .Element("td", column.VectorSize switch { null => "scalar", 0 => "vector", var n => $"vector of {n}" })
                .Element("td", column.Nullable ? "yes" : "no").Raw("</tr>");
        }

        body.Raw("</tbody></table></div>");
    }

    private static async Task WriteValidationAsync(DashboardPage page, ModelVersion version)
    {
        var body = page.Body;
        body.Heading(2, "Validation");
        if (page.Service<IModelValidator>() is not { } validator)
        {
            page.Missing("Validation", "AddMlops(m => m.AddValidation())");
            return;
        }

        var report = await validator.GetReportAsync(version.Uri, page.Aborted).ConfigureAwait(false);
        if (report is null)
        {
            body.Paragraph("No validation report is attached to this version.", "muted");
            return;
        }

        body.Open("section", ("data-testid", "validation-report"), ("data-verdict", report.Verdict.ToString()))
            .Open("p", ("class", report.Verdict == ValidationVerdict.Passed ? "verdict passed" : "verdict failed"))
            .Text($"Verdict: {report.Verdict} — by {report.CreatedBy} at {Html.Format(report.CreatedAt)}").Close("p");
        if (report.FailedChecks.Count > 0)
        {
            body.Raw("<ul class=\"failed\">");
            foreach (var check in report.FailedChecks)
            {
                body.Element("li", check);
            }

            body.Raw("</ul>");
        }

        if (report.Evaluation is { } evaluation)
        {
            body.Heading(3, "Evaluation").KeyValues("Candidate metrics", evaluation.CandidateMetrics.Select(m => KeyValuePair.Create(m.Key, Html.Format(m.Value))), "Metric", "Value");
        }

        if (report.Drift is { } drift)
        {
            body.Heading(3, "Drift").Paragraph($"{drift.DriftedColumns} of {drift.Columns.Count} columns drifted (share {Html.Format(drift.DriftedShare)}; the data set drifts at {Html.Format(drift.DatasetDriftShare)}).");
            body.Raw("<div class=\"scroll\"><table data-testid=\"drift-table\"><caption>Drift per column</caption><thead><tr><th scope=\"col\">Column</th><th scope=\"col\">Test</th><th scope=\"col\">Score</th><th scope=\"col\">Threshold</th><th scope=\"col\">Drifted</th></tr></thead><tbody>");
            foreach (var column in drift.Columns)
            {
                body.Open("tr", ("class", column.Drifted ? "differs" : null)).Element("th", column.Column, ("scope", "row")).Element("td", column.Test.ToString())
                    .Element("td", Html.Format(column.Score), ("class", "num")).Element("td", Html.Format(column.Threshold), ("class", "num"))
                    .Element("td", column.Drifted ? "yes" : "no").Raw("</tr>");
            }

            body.Raw("</tbody></table></div>");
            // A report analysed from raw values carries both sides' histograms; an older report (or the profile path) only
            // has the version's stored reference profile to draw.
            var profile = drift.Columns.All(c => c.ReferenceHistogram is not null)
                ? null
                : await validator.GetReferenceProfileAsync(version.Uri, page.Aborted).ConfigureAwait(false);
            var histograms = drift.Columns
                .Select(c => (c.Column, Reference: c.ReferenceHistogram ?? profile?.Column(c.Column)?.Histogram, Current: c.ReferenceHistogram is null ? null : c.CurrentHistogram))
                .Where(c => c.Reference is not null).ToList();
            if (histograms.Count > 0)
            {
                body.Paragraph(histograms.Any(h => h.Current is not null)
                        ? "Reference (training) and current (evaluated) distributions, as shares of each side's values."
                        : "Reference distributions from the version's stored reference profile (this report has no histograms of the evaluated data).", "muted")
                    .Raw("<div class=\"charts\">");
                foreach (var (column, reference, current) in histograms)
                {
                    Charts.Histogram(body, column, reference!, current);
                }

                body.Raw("</div>");
            }
        }

        body.Raw("<details><summary>The whole report (Markdown)</summary><div class=\"markdown\">");
        Markdown.Render(body, report.ToMarkdown());
        body.Raw("</div></details></section>");
    }

    private static string Aliases(IReadOnlyDictionary<string, int> aliases) =>
        aliases.Count == 0 ? "—" : string.Join(", ", aliases.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key} → v{a.Value.ToString(CultureInfo.InvariantCulture)}"));
}
