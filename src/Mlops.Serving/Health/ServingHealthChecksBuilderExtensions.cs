using Microsoft.Extensions.Diagnostics.HealthChecks;
using Mlops.Serving;
using Mlops.Serving.Health;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the serving health check.</summary>
public static class ServingHealthChecksBuilderExtensions
{
    /// <summary>
    /// Reports served models: <paramref name="failureStatus"/> (unhealthy by default) while any has no version loaded,
    /// degraded after a failed swap or while online drift is over threshold, with each live version in the data.
    /// </summary>
    public static IHealthChecksBuilder AddMlopsServing(
        this IHealthChecksBuilder builder,
        string name = "mlops-serving",
        HealthStatus? failureStatus = null,
        IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        return builder.Add(new HealthCheckRegistration(name, sp => new ServingHealthCheck(sp.GetRequiredService<IModelServer>()), failureStatus, tags));
    }
}
