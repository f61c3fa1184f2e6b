namespace Mlops.Governance;

/// <summary>The metrics of one group of a sensitive feature.</summary>
/// <param name="Group">The group's values joined with <c>", "</c>.</param>
/// <param name="Metrics">Its metrics by name (count, accuracy, selection rate, ...).</param>
public sealed record ModelCardGroupMetrics(string Group, IReadOnlyDictionary<string, double> Metrics);
