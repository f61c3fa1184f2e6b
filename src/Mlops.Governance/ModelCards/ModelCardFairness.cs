namespace Mlops.Governance;

/// <summary>Fairness from the validation report: metrics per group and their disparities.</summary>
public sealed record ModelCardFairness
{
    /// <summary>The sensitive features.</summary>
    public required IReadOnlyList<string> SensitiveFeatures { get; init; }

    /// <summary>The class treated as positive, or <see langword="null"/> for an accuracy-only frame.</summary>
    public string? PositiveClass { get; init; }

    /// <summary>The metrics over all rows.</summary>
    public required IReadOnlyDictionary<string, double> Overall { get; init; }

    /// <summary>The metrics of each group.</summary>
    public required IReadOnlyList<ModelCardGroupMetrics> Groups { get; init; }

    /// <summary>Difference of selection rates.</summary>
    public required double DemographicParityDifference { get; init; }

    /// <summary>Ratio of selection rates.</summary>
    public required double DemographicParityRatio { get; init; }

    /// <summary>The larger of the true and false positive rate differences.</summary>
    public required double EqualizedOddsDifference { get; init; }

    /// <summary>Whether the four-fifths rule passed.</summary>
    public required bool FourFifthsRulePassed { get; init; }

    /// <summary>The four-fifths rule's sentence.</summary>
    public required string FourFifthsRule { get; init; }
}
