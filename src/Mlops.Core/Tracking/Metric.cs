namespace Mlops.Tracking;

/// <summary>One stored metric point.</summary>
/// <param name="Key">The metric key.</param>
/// <param name="Value">The value; <see cref="double.NaN"/> and infinities are stored and returned as such.</param>
/// <param name="Step">The step (iteration, epoch, fold); 0 when not given.</param>
/// <param name="Timestamp">When the value was logged (millisecond precision).</param>
public sealed record Metric(string Key, double Value, long Step, DateTimeOffset Timestamp);
