namespace Mlops.Validation.Expectations;

/// <summary>How <see cref="ExpectationSuite.Infer(string, Microsoft.ML.IDataView, ExpectationInferenceOptions?, CancellationToken)"/> turns reference data into a suite.</summary>
public sealed record ExpectationInferenceOptions
{
    /// <summary>Widens each inferred numeric range by this fraction of the observed range on both sides.</summary>
    /// <value>Defaults to 0 (the observed min and max).</value>
    public double NumericMargin { get; init; }

    /// <summary>Text columns with at most this many distinct values get an in-set expectation.</summary>
    /// <value>Defaults to 20.</value>
    public int MaxCategoricalCardinality { get; init; } = 20;

    /// <summary>The inferred row count range is the reference count times (1 ± this tolerance), rounded outward.</summary>
    /// <value>Defaults to 0.1.</value>
    public double RowCountTolerance { get; init; } = 0.1;

    /// <summary>
    /// Whether the suite expects the reference's row count (± <see cref="RowCountTolerance"/>). Turn it off when the suite
    /// checks other data than the reference, whose size differs by design (a test split, a day of serving inputs).
    /// </summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool InferRowCount { get; init; } = true;

    /// <summary>Whether columns whose reference values are all distinct get a uniqueness expectation.</summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool InferUniqueness { get; init; } = true;
}
