namespace Mlops.Validation.Drift;

/// <summary>The statistical tests and distances a column's drift can be measured with.</summary>
public enum DriftTestKind
{
    /// <summary>Two-sample Kolmogorov–Smirnov test (p-value), as <c>scipy.stats.ks_2samp</c>.</summary>
    KolmogorovSmirnov,

    /// <summary>Chi-square test of current category counts against reference proportions (p-value).</summary>
    ChiSquare,

    /// <summary>Pooled two-proportion z-test, two-sided (p-value).</summary>
    ZTest,

    /// <summary>Population stability index over reference deciles or categories (distance).</summary>
    PopulationStabilityIndex,

    /// <summary>Jensen–Shannon distance, base 2 (distance in [0, 1]).</summary>
    JensenShannon,

    /// <summary>Wasserstein-1 distance on raw values (distance in the column's unit).</summary>
    Wasserstein,

    /// <summary>Wasserstein-1 divided by max(reference standard deviation, 0.001) (distance).</summary>
    NormalizedWasserstein,

    /// <summary>Hellinger distance (distance in [0, 1]).</summary>
    Hellinger,
}
