namespace Mlops.Validation.Drift;

/// <summary>Per-column drift results and the data set verdict.</summary>
public sealed record DriftReport
{
    /// <summary>One result per column analysed, in input order.</summary>
    public required IReadOnlyList<ColumnDriftResult> Columns { get; init; }

    /// <summary>Drifted columns / analysed columns (0 when none).</summary>
    public required double DriftedShare { get; init; }

    /// <summary>The share at which the data set counts as drifted.</summary>
    public required double DatasetDriftShare { get; init; }

    /// <summary>Whether <see cref="DriftedShare"/> ≥ <see cref="DatasetDriftShare"/>.</summary>
    public required bool DatasetDrift { get; init; }

    /// <summary>Number of drifted columns.</summary>
    public int DriftedColumns => Columns.Count(c => c.Drifted);
}
