using System.ComponentModel.DataAnnotations;

namespace Mlops.Tracking;

/// <summary>Options for experiment tracking, validated when the host starts.</summary>
public sealed class TrackingOptions
{
    /// <summary>How many metric points may wait in memory for the background writer.</summary>
    /// <value>Defaults to 100,000 points (about 4 MB).</value>
    [Range(1024, 10_000_000)]
    public int MetricQueueCapacity { get; set; } = 100_000;

    /// <summary>The most metric points the background writer commits in one transaction.</summary>
    /// <value>Defaults to 8192.</value>
    [Range(1, 1_000_000)]
    public int MetricBatchSize { get; set; } = 8192;

    /// <summary>What <c>LogMetric</c> does when the queue is full.</summary>
    /// <value>Defaults to <see cref="MetricBackpressure.Wait"/>: nothing is ever dropped.</value>
    public MetricBackpressure Backpressure { get; set; } = MetricBackpressure.Wait;

    /// <summary>Whether a new run records its environment (git commit and dirty flag, runtime, OS, machine, assembly versions) as tags.</summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool CaptureEnvironment { get; set; } = true;

    /// <summary>The directory whose git repository the environment capture reads.</summary>
    /// <value>Defaults to <see langword="null"/>: the current directory.</value>
    public string? SourceDirectory { get; set; }
}
