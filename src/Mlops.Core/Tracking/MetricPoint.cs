using System.Runtime.InteropServices;

namespace Mlops.Tracking;

/// <summary>A metric point on its way to a store. A plain value type so that logging one allocates nothing.</summary>
/// <param name="RunId">The run the point belongs to.</param>
/// <param name="Key">The metric key (already validated).</param>
/// <param name="Value">The value; NaN and infinities allowed.</param>
/// <param name="Step">The step.</param>
/// <param name="TimestampMs">Unix time in milliseconds.</param>
[StructLayout(LayoutKind.Auto)]
public readonly record struct MetricPoint(string RunId, string Key, double Value, long Step, long TimestampMs);
