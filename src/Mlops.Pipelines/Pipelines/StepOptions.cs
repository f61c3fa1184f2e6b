using Polly.Retry;

namespace Mlops.Pipelines;

/// <summary>How a step is cached, retried and timed out.</summary>
public sealed record StepOptions
{
    /// <summary>Whether an earlier successful execution with the same cache key is reused instead of running the step.</summary>
    /// <value>Default <see langword="true"/>. Turn it off for steps with effects beyond their output (registering a version, requesting a promotion).</value>
    public bool Cache { get; init; } = true;

    /// <summary>
    /// Polly's retry options for the step (each attempt gets <see cref="Timeout"/>); <see langword="null"/> runs it once.
    /// By Polly's default every exception but a cancellation is retried; narrow it with <c>ShouldHandle</c>.
    /// </summary>
    /// <value>Default <see langword="null"/>: no retries.</value>
    public RetryStrategyOptions? Retry { get; init; }

    /// <summary>How long one attempt may take before it is cancelled and counted as failed (Polly's <c>TimeoutRejectedException</c>, retried like any failure).</summary>
    /// <value>Default <see langword="null"/>: no limit.</value>
    public TimeSpan? Timeout { get; init; }
}
