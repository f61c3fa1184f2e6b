using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Mlops.AspNetCore.Endpoints;
using Mlops.Serving;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps Mlops.Sdk's HTTP endpoints into an ASP.NET Core app.</summary>
public static class MlopsEndpointRouteBuilderExtensions
{
    private static readonly JsonSerializerOptions StatusJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>
    /// Exposes every model registered with <c>AddServing</c> under <paramref name="prefix"/>:
    /// <list type="bullet">
    /// <item><c>GET {prefix}</c>: the served models and their status;</item>
    /// <item><c>GET {prefix}/{key}</c>: one model's status (live version, since when and why, health, drift);</item>
    /// <item><c>POST {prefix}/{key}/predict</c>: one JSON object (a row) or a list of them; answers each with its output,
    /// the version and variant that answered and any input issues;</item>
    /// <item><c>POST {prefix}/{key}/invocations</c>: MLflow's scoring format (<c>dataframe_split</c>,
    /// <c>dataframe_records</c>, <c>instances</c>, <c>inputs</c>), answered with <c>{"predictions": [...]}</c>.</item>
    /// </list>
    /// Errors are RFC 7807 problem details: 400 naming the field, value and rule; 404 for an unknown key; 415 for a body
    /// that is not JSON; 503 while no version is loaded or the model is stopped. A canary or shadow routing key is read
    /// from the <c>X-Mlops-Routing-Key</c> header or the <c>routingKey</c> query value.
    /// </summary>
    /// <param name="endpoints">The app.</param>
    /// <param name="prefix">The route prefix (default <c>/mlops/models</c>).</param>
    /// <returns>The group, for conventions such as <c>RequireAuthorization</c>.</returns>
    public static RouteGroupBuilder MapMlopsPredictions(this IEndpointRouteBuilder endpoints, string prefix = "/mlops/models")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        var catalog = Catalog(endpoints.ServiceProvider);
        var group = endpoints.MapGroup(prefix);
        group.MapGet("/", (HttpContext context) => WriteStatusAsync(context, catalog.Values.Select(e => e.Status).ToArray()));
        group.MapGet("/{key}", (HttpContext context) => Find(context, catalog, mlflow: false, out var endpoint) is { } missing
            ? missing.ExecuteAsync(context)
            : WriteStatusAsync(context, endpoint!.Status));
        group.MapPost("/{key}/predict", (HttpContext context) => RunAsync(context, catalog, mlflow: false, e => e.PredictAsync(context)));
        group.MapPost("/{key}/invocations", (HttpContext context) => RunAsync(context, catalog, mlflow: true, e => e.InvokeAsync(context)));
        return group;
    }

    /// <summary>
    /// Serves one model the way MLflow's scoring server does, so MLflow clients can call a .NET app unchanged:
    /// <c>POST /invocations</c> (MLflow's four JSON formats) and <c>GET /ping</c> (200 once a version is loaded, else 503).
    /// </summary>
    /// <param name="endpoints">The app.</param>
    /// <param name="modelKey">The served model's key (its name unless a key was set).</param>
    /// <returns>The group of the two endpoints, for conventions.</returns>
    public static RouteGroupBuilder MapMlopsInvocations(this IEndpointRouteBuilder endpoints, string modelKey)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(modelKey);
        var catalog = Catalog(endpoints.ServiceProvider);
        if (!catalog.TryGetValue(modelKey, out var endpoint))
        {
            throw new InvalidOperationException(
                $"No model is served under '{modelKey}'; served: {string.Join(", ", catalog.Keys.Order(StringComparer.Ordinal))}. Add it with AddServing(s => s.AddModel<TIn, TOut>(...)).");
        }

        var group = endpoints.MapGroup(string.Empty);
        group.MapPost("/invocations", async (HttpContext context) => await GuardAsync(context, mlflow: true, () => endpoint.InvokeAsync(context)).ConfigureAwait(false));
        group.MapGet("/ping", (HttpContext context) => endpoint.Status.Live is null
            ? Results.Problem(detail: $"Served model '{modelKey}' has no version loaded yet.", statusCode: StatusCodes.Status503ServiceUnavailable)
            : Results.Ok());
        return group;
    }

    /// <summary>
    /// Maps ASP.NET Core health checks at <paramref name="pattern"/> with a JSON report (overall status and each check's
    /// status, description and duration); 200 when healthy or degraded, 503 when unhealthy. Register the checks with
    /// <c>services.AddHealthChecks().AddMlopsServing()</c>.
    /// </summary>
    /// <param name="endpoints">The app.</param>
    /// <param name="pattern">The route (default <c>/mlops/health</c>).</param>
    /// <returns>The endpoint, for conventions.</returns>
    public static IEndpointConventionBuilder MapMlopsHealthChecks(this IEndpointRouteBuilder endpoints, string pattern = "/mlops/health")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        return endpoints.MapHealthChecks(pattern, new HealthCheckOptions { ResponseWriter = WriteHealthAsync });
    }

    private static FrozenDictionary<string, PredictionEndpoint> Catalog(IServiceProvider services) =>
        services.GetServices<ServedModelDescriptor>()
            .ToFrozenDictionary(d => d.Key, d => PredictionEndpoint.Create(d, services), StringComparer.Ordinal);

    private static IResult? Find(HttpContext context, FrozenDictionary<string, PredictionEndpoint> catalog, bool mlflow, out PredictionEndpoint? endpoint)
    {
        var key = context.Request.RouteValues["key"] as string ?? string.Empty;
        return catalog.TryGetValue(key, out endpoint) ? null : Problems.UnknownModel(key, catalog.Keys.Order(StringComparer.Ordinal), mlflow);
    }

    private static async Task RunAsync(HttpContext context, FrozenDictionary<string, PredictionEndpoint> catalog, bool mlflow, Func<PredictionEndpoint, Task> run)
    {
        if (Find(context, catalog, mlflow, out var endpoint) is { } missing)
        {
            await missing.ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        await GuardAsync(context, mlflow, () => run(endpoint!)).ConfigureAwait(false);
    }

    private static async Task GuardAsync(HttpContext context, bool mlflow, Func<Task> run)
    {
        IResult? problem;
        try
        {
            await run().ConfigureAwait(false);
            return;
        }
        catch (Exception exception) when (!context.Response.HasStarted && (problem = Problems.For(exception, mlflow)) is not null)
        {
            // Handled below: the filter assigned the problem.
        }

        await problem!.ExecuteAsync(context).ConfigureAwait(false);
    }

    private static Task WriteStatusAsync(HttpContext context, object status) =>
        context.Response.WriteAsJsonAsync(status, status.GetType(), StatusJson, context.RequestAborted);

    private static async Task WriteHealthAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        using var json = new Utf8JsonWriter(context.Response.BodyWriter);
        json.WriteStartObject();
        json.WriteString("status", report.Status.ToString());
        json.WriteNumber("durationMs", report.TotalDuration.TotalMilliseconds);
        json.WriteStartArray("checks");
        foreach (var (name, entry) in report.Entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            json.WriteStartObject();
            json.WriteString("name", name);
            json.WriteString("status", entry.Status.ToString());
            json.WriteString("description", entry.Description);
            json.WriteNumber("durationMs", entry.Duration.TotalMilliseconds);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }
}
