namespace Mlops.Governance;

/// <summary>Quantitative analyses: results disaggregated by group, drift and data checks (generated), and their reading (written).</summary>
public sealed record ModelCardQuantitativeAnalyses
{
    /// <summary>Fairness by sensitive feature, when assessed.</summary>
    public ModelCardFairness? Fairness { get; init; }

    /// <summary>Drift per column, when measured.</summary>
    public required IReadOnlyList<ModelCardDriftColumn> Drift { get; init; }

    /// <summary>Whether the evaluation data as a whole drifted, when measured.</summary>
    public bool? DatasetDrift { get; init; }

    /// <summary>How many data expectations passed, when run.</summary>
    public int? DataExpectationsPassed { get; init; }

    /// <summary>How many data expectations failed, when run.</summary>
    public int? DataExpectationsFailed { get; init; }

    /// <summary>Written: the reading of these results.</summary>
    public string? Notes { get; init; }
}
