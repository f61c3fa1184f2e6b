namespace Mlops.Validation.Drift;

/// <summary>Per-column overrides of the default drift test.</summary>
public sealed record ColumnDriftOptions
{
    /// <summary>The test to run instead of the default, or <see langword="null"/> for the default.</summary>
    public DriftTestKind? Test { get; init; }

    /// <summary>
    /// The drift threshold instead of the test's default: p-value tests drift when p ≤ threshold, distances when
    /// distance ≥ threshold.
    /// </summary>
    public double? Threshold { get; init; }
}
