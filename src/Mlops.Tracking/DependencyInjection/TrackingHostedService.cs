using Microsoft.Extensions.Hosting;
using Mlops.Tracking.Metrics;

namespace Mlops.Tracking;

/// <summary>Flushes the metric pipeline when the host stops, so nothing logged before shutdown is lost.</summary>
internal sealed class TrackingHostedService(MetricPipeline pipeline) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => pipeline.FlushAsync(cancellationToken);
}
