namespace Mlops.Validation.Drift;

/// <summary>Defaults of the drift analysis, Evidently's unless stated.</summary>
public sealed class DriftOptions
{
    /// <summary>Dataset drift is declared when the share of drifted columns reaches this.</summary>
    /// <value>0.5.</value>
    public double DatasetDriftShare { get; set; } = 0.5;

    /// <summary>References with at most this many rows get p-value tests (KS, chi-square, z); larger ones get distances.</summary>
    /// <value>1000.</value>
    public int SmallReferenceRows { get; set; } = 1000;

    /// <summary>Numeric columns with at most this many distinct values (reference and current together) count as categorical.</summary>
    /// <value>5.</value>
    public int FewValuesLimit { get; set; } = 5;

    /// <summary>Threshold of p-value tests.</summary>
    /// <value>0.05 (drift when p ≤ 0.05).</value>
    public double PValueThreshold { get; set; } = 0.05;

    /// <summary>Threshold of distances (normalized Wasserstein, Jensen–Shannon, PSI, Hellinger, raw Wasserstein).</summary>
    /// <value>0.1 (drift when distance ≥ 0.1).</value>
    public double DistanceThreshold { get; set; } = 0.1;

    /// <summary>Overrides per column name.</summary>
    public IDictionary<string, ColumnDriftOptions> Columns { get; } = new Dictionary<string, ColumnDriftOptions>(StringComparer.Ordinal);

    /// <summary>Columns analysed in parallel.</summary>
    /// <value><see cref="Environment.ProcessorCount"/>.</value>
    public int MaxDegreeOfParallelism { get; set; } = Environment.ProcessorCount;

    internal void Validate()
    {
        Check(DatasetDriftShare is > 0 and <= 1, nameof(DatasetDriftShare), DatasetDriftShare, "must be in (0, 1]");
        Check(SmallReferenceRows >= 0, nameof(SmallReferenceRows), SmallReferenceRows, "must be non-negative");
        Check(FewValuesLimit >= 1 && FewValuesLimit < Profiles.ColumnProfile.DistinctLimit, nameof(FewValuesLimit), FewValuesLimit, "must be between 1 and 5");
        Check(PValueThreshold is > 0 and < 1, nameof(PValueThreshold), PValueThreshold, "must be in (0, 1)");
        Check(DistanceThreshold > 0, nameof(DistanceThreshold), DistanceThreshold, "must be positive");
        Check(MaxDegreeOfParallelism >= 1, nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, "must be at least 1");
    }

    private static void Check(bool ok, string field, double value, string rule)
    {
        if (!ok)
        {
            throw new MlopsValidationException(field, value.ToString(System.Globalization.CultureInfo.InvariantCulture), rule);
        }
    }
}
