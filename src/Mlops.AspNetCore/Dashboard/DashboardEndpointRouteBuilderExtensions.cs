using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Mlops.AspNetCore.Dashboard;
using Mlops.AspNetCore.Dashboard.Internal;
using Mlops.AspNetCore.Dashboard.Pages;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Mounts the Mlops dashboard into an ASP.NET Core app.</summary>
public static class DashboardEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Mounts the dashboard under <paramref name="prefix"/>: overview, runs (search, sort, charts, comparison), models
    /// (versions, lineage, signatures, validation, cards), governance (approve/reject, the journal and its chain status)
    /// and serving. Server-rendered HTML with its stylesheet inside the assembly; no script, CDN or network.
    /// Requires <c>AddMlops(m =&gt; m.AddDashboard())</c>. Authorization: local requests only (403 otherwise), or the
    /// policy named by <see cref="MlopsDashboardOptions.AuthorizationPolicy"/>.
    /// </summary>
    /// <param name="endpoints">The app.</param>
    /// <param name="prefix">The mount path (default <c>/mlops/dashboard</c>; <c>/mlops</c> clashes with <c>MapMlopsPredictions</c>' default <c>/mlops/models</c>).</param>
    /// <returns>The group of the dashboard's endpoints, for further conventions.</returns>
    public static RouteGroupBuilder MapMlopsDashboard(this IEndpointRouteBuilder endpoints, string prefix = "/mlops/dashboard")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(prefix);
        if (endpoints.ServiceProvider.GetService<IAntiforgery>() is null || endpoints.ServiceProvider.GetService<IOptions<MlopsDashboardOptions>>() is null)
        {
            throw new InvalidOperationException("The dashboard is not registered: add it with services.AddMlops(m => m.AddDashboard()).");
        }

        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<MlopsDashboardOptions>>().Value;
        var mount = prefix.TrimEnd('/');
        var group = endpoints.MapGroup(mount.Length == 0 ? "/" : mount);
        if (options.AuthorizationPolicy is { } policy)
        {
            group.RequireAuthorization(policy);
        }
        else
        {
            group.AddEndpointFilter(static async (context, next) =>
                LocalRequests.IsLocal(context.HttpContext.Connection)
                    ? await next(context).ConfigureAwait(false)
                    : Results.Problem(detail: "The Mlops dashboard answers local requests only; name an authorization policy in AddDashboard(o => o.AuthorizationPolicy = ...) to open it.", statusCode: StatusCodes.Status403Forbidden));
        }

        DashboardPage Page(HttpContext context) => new(context, mount, options);
        group.MapGet("/", Handler(c => OverviewPage.RenderAsync(Page(c))));
        group.MapGet("/assets/dashboard.css", Assets.Stylesheet);
        group.MapGet("/runs", Handler(c => RunsPages.ListAsync(Page(c))));
        group.MapGet("/runs/{runId}", (HttpContext c, string runId) => RunsPages.RunAsync(Page(c), runId));
        group.MapGet("/compare", Handler(c => RunsPages.CompareAsync(Page(c))));
        group.MapGet("/models", Handler(c => ModelsPages.ListAsync(Page(c))));
        group.MapGet("/models/{name}", (HttpContext c, string name) => ModelsPages.ModelAsync(Page(c), name));
        group.MapGet("/models/{name}/versions/{version:int}", (HttpContext c, string name, int version) => ModelsPages.VersionAsync(Page(c), name, version));
        group.MapGet("/models/{name}/card", (HttpContext c, string name) => ModelsPages.CardAsync(Page(c), name));
        group.MapGet("/governance", Handler(c => GovernancePages.GovernanceAsync(Page(c))));
        group.MapPost("/governance/decide", Handler(c => GovernancePages.DecideAsync(Page(c)))).DisableAntiforgery();
        group.MapGet("/journal", Handler(c => GovernancePages.JournalAsync(Page(c))));
        group.MapGet("/serving", Handler(c => ServingPage.RenderAsync(Page(c))));
        return group;
    }

    // A lambda taking only HttpContext would bind as a RequestDelegate and drop its IResult; as a Delegate the result is written.
    private static Delegate Handler(Func<HttpContext, Task<IResult>> handler) => handler;
}
