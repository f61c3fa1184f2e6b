using Mlops.Validation.Drift;

namespace Mlops.Serving.Drift;

/// <summary>The last online drift evaluation of a served version.</summary>
/// <param name="Version">The version whose inputs were compared.</param>
/// <param name="EvaluatedAt">When.</param>
/// <param name="WindowRows">Rows in the window.</param>
/// <param name="OverThreshold">Whether the report declared data set drift.</param>
/// <param name="Report">The per-feature tests and scores.</param>
public sealed record OnlineDriftStatus(int Version, DateTimeOffset EvaluatedAt, long WindowRows, bool OverThreshold, DriftReport Report);
