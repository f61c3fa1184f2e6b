using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Mlops.Serving.Health;

/// <summary>
/// Unhealthy while any served model has no version loaded; degraded after a failed swap (the old version still serves),
/// while online drift is over threshold, or while a person has stopped a model with the kill switch (a deliberate stop is
/// not a fault: the instance stays in rotation and answers with the fallback or the typed error); healthy otherwise. The data carries each model's live version and health.
/// </summary>
internal sealed class ServingHealthCheck(IModelServer server) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var statuses = server.GetStatuses();
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        var problems = new List<string>();
        var worst = ServingHealth.Healthy;
        foreach (var status in statuses)
        {
            data[status.Key] = status.Live is { } live
                ? $"{status.ModelName} v{live.Version} ({status.Health})"
                : $"{status.ModelName}: nothing loaded";
            data[status.Key + ".version"] = status.Live?.Version ?? 0;
            if (status.Health > worst)
            {
                worst = status.Health;
            }

            if (status.Health == ServingHealth.Unhealthy)
            {
                problems.Add($"'{status.Key}' has no version loaded{(status.LastError is null ? string.Empty : ": " + status.LastError)}");
            }
            else
            {
                if (status.LastError is not null)
                {
                    problems.Add($"'{status.Key}' failed its last swap ({status.LastError}); version {status.Live?.Version} still serves");
                }

                if (status.Disabled is { } stopped)
                {
                    problems.Add($"'{status.Key}' was stopped by {stopped.Actor} at {stopped.Since:O} (kill switch): {stopped.Reason}");
                }

                if (status.Drift is { OverThreshold: true } drift)
                {
                    problems.Add($"'{status.Key}' version {drift.Version} has online drift over threshold");
                }
            }
        }

        var description = problems.Count == 0
            ? $"{statuses.Count} served model(s) healthy."
            : string.Join("; ", problems) + ".";
        var result = worst switch
        {
            ServingHealth.Unhealthy => new HealthCheckResult(context.Registration.FailureStatus, description, data: data),
            ServingHealth.Degraded => HealthCheckResult.Degraded(description, data: data),
            _ => HealthCheckResult.Healthy(description, data),
        };
        return Task.FromResult(result);
    }
}
