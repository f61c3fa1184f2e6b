using System.Globalization;
using Microsoft.AspNetCore.Http;
using Mlops.AspNetCore.Dashboard.Internal;
using Mlops.Governance;
using Mlops.Registry;
using Mlops.Serving;
using Mlops.Tracking;

namespace Mlops.AspNetCore.Dashboard.Pages;

/// <summary>The landing page: experiments, models, pending approvals, served models and the chain status at a glance.</summary>
internal static class OverviewPage
{
    public static async Task<IResult> RenderAsync(DashboardPage page)
    {
        var body = page.Body;
        await GovernancePages.WriteChainStatusAsync(page).ConfigureAwait(false);
        body.Raw("<div class=\"tiles\">");
        body.Raw("<section class=\"tile\" aria-labelledby=\"t-experiments\"><h2 id=\"t-experiments\">Experiments</h2>");
        if (page.Service<IExperimentTracker>() is { } tracker)
        {
            var experiments = await tracker.ListExperimentsAsync(page.Aborted).ConfigureAwait(false);
            body.Raw("<ul data-testid=\"experiments\">");
            foreach (var experiment in experiments)
            {
                body.Raw("<li>").Link(page.Href("runs?experiment=" + Html.Url(experiment.Name)), experiment.Name).Raw("</li>");
            }

            body.Raw("</ul>");
            if (experiments.Count == 0)
            {
                body.Paragraph("No experiments yet.", "muted");
            }
        }
        else
        {
            page.Missing("Experiment tracking", "AddMlops(m => m.AddTracking())");
        }

        body.Raw("</section><section class=\"tile\" aria-labelledby=\"t-models\"><h2 id=\"t-models\">Models</h2>");
        if (page.Service<IModelRegistry>() is { } registry)
        {
            var models = await registry.ListModelsAsync(page.Aborted).ConfigureAwait(false);
            body.Raw("<ul>");
            foreach (var model in models)
            {
                body.Raw("<li>").Link(page.Href("models/" + Html.Url(model.Name)), model.Name)
                    .Text($" — {model.LatestVersion.ToString(CultureInfo.InvariantCulture)} versions").Raw("</li>");
            }

            body.Raw("</ul>");
        }
        else
        {
            page.Missing("The model registry", "AddMlops(m => m.AddRegistry())");
        }

        body.Raw("</section><section class=\"tile\" aria-labelledby=\"t-gov\"><h2 id=\"t-gov\">Governance</h2>");
        if (page.Service<IPromotionWorkflow>() is { } workflow)
        {
            var pending = await workflow.ListAsync(status: PromotionRequestStatus.Pending, cancellationToken: page.Aborted).ConfigureAwait(false);
            body.Raw("<p>").Link(page.Href("governance"), $"{pending.Count.ToString(CultureInfo.InvariantCulture)} promotions waiting for approval").Raw("</p>");
        }
        else
        {
            page.Missing("The promotion workflow", "AddMlops(m => m.AddGovernance())");
        }

        body.Raw("</section><section class=\"tile\" aria-labelledby=\"t-serving\"><h2 id=\"t-serving\">Serving</h2>");
        if (page.Service<IModelServer>() is { } server)
        {
            body.Raw("<ul>");
            foreach (var status in server.GetStatuses())
            {
                body.Raw("<li>").Link(page.Href("serving"), status.Key)
                    .Text($": {(status.Live is { } live ? "v" + live.Version.ToString(CultureInfo.InvariantCulture) : "nothing loaded")}, {status.Health}").Raw("</li>");
            }

            body.Raw("</ul>");
        }
        else
        {
            page.Missing("Serving", "AddMlops(m => m.AddServing(...))");
        }

        body.Raw("</section></div>");
        return page.Render("Overview", string.Empty);
    }
}
