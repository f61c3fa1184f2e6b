namespace Mlops.Tracking;

/// <summary>What logging a metric does when the in-memory queue is full.</summary>
public enum MetricBackpressure
{
    /// <summary>Wait until the background writer makes room. Nothing is dropped.</summary>
    Wait = 0,

    /// <summary>Drop the point, count it on <c>mlops.tracking.metric.points.dropped</c> and log a warning.</summary>
    Drop = 1,
}
