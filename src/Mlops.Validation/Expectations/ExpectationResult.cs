namespace Mlops.Validation.Expectations;

/// <summary>The outcome of one expectation over one dataset.</summary>
public sealed record ExpectationResult
{
    /// <summary>The expectation that was checked.</summary>
    public required Expectation Expectation { get; init; }

    /// <summary>Whether the data met the expectation.</summary>
    public required bool Success { get; init; }

    /// <summary>The number of rows looked at (every row of the table).</summary>
    public long ElementCount { get; init; }

    /// <summary>Rows with no value (null, NaN, empty text); <see langword="null"/> for table and existence expectations.</summary>
    public long? MissingCount { get; init; }

    /// <summary>Rows that broke the expectation; <see langword="null"/> for table and existence expectations.</summary>
    public long? UnexpectedCount { get; init; }

    /// <summary>
    /// Unexpected rows as a percentage: of all rows for not-null, of non-missing rows otherwise;
    /// <see langword="null"/> when there was nothing to count.
    /// </summary>
    public double? UnexpectedPercent { get; init; }

    /// <summary>The smallest non-missing value, for <c>expect_column_values_to_be_between</c>.</summary>
    public double? ObservedMin { get; init; }

    /// <summary>The largest non-missing value, for <c>expect_column_values_to_be_between</c>.</summary>
    public double? ObservedMax { get; init; }

    /// <summary>The observed row count, for <c>expect_table_row_count_to_be_between</c>.</summary>
    public long? ObservedRowCount { get; init; }

    /// <summary>Up to <see cref="ExpectationRunOptions.MaxUnexpectedExamples"/> failing rows, in row order.</summary>
    public IReadOnlyList<UnexpectedExample> UnexpectedExamples { get; init; } = [];

    /// <summary>Why the expectation could not be checked (such as a missing column); <see langword="null"/> otherwise.</summary>
    public string? Error { get; init; }
}
