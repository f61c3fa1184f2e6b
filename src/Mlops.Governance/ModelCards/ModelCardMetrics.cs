namespace Mlops.Governance;

/// <summary>Metrics: the latest validation report's evaluation and the producing run's metrics (generated), and why (written).</summary>
public sealed record ModelCardMetrics
{
    /// <summary>The verdict of the latest validation report (<c>Passed</c>, <c>Failed</c>), or <see langword="null"/> when the version has none.</summary>
    public string? ValidationVerdict { get; init; }

    /// <summary>The SHA-256 of the report in the artifact store.</summary>
    public string? ReportDigest { get; init; }

    /// <summary>When the report was made.</summary>
    public DateTimeOffset? ValidatedAt { get; init; }

    /// <summary>Who made it.</summary>
    public string? ValidatedBy { get; init; }

    /// <summary>The checks that failed.</summary>
    public required IReadOnlyList<string> FailedChecks { get; init; }

    /// <summary>This version's metrics on the evaluation data, by name.</summary>
    public required IReadOnlyDictionary<string, double> Evaluation { get; init; }

    /// <summary>The champion's metrics on the same data, when compared with one.</summary>
    public IReadOnlyDictionary<string, double>? Champion { get; init; }

    /// <summary>The evaluation gate, metric by metric.</summary>
    public required IReadOnlyList<ModelCardMetricGate> Gate { get; init; }

    /// <summary>The latest value of each metric the producing run logged.</summary>
    public required IReadOnlyDictionary<string, double> Run { get; init; }

    /// <summary>Written: why these metrics and thresholds.</summary>
    public string? Rationale { get; init; }
}
