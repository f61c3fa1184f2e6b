namespace Mlops.Validation.Expectations;

/// <summary>Creates or edits an <see cref="ExpectationSuite"/> in code. Each expectation is validated as it is added.</summary>
public sealed class ExpectationSuiteBuilder
{
    private readonly List<Expectation> _expectations;
    private string _name;

    internal ExpectationSuiteBuilder(string name, IEnumerable<Expectation> expectations)
    {
        _name = name;
        _expectations = [.. expectations];
    }

    /// <summary>The expectations added so far.</summary>
    public IReadOnlyList<Expectation> Expectations => _expectations;

    /// <summary>Renames the suite.</summary>
    /// <param name="name">The new name.</param>
    /// <returns>This builder.</returns>
    public ExpectationSuiteBuilder WithName(string name)
    {
        _name = name;
        return this;
    }

    /// <summary>Adds an expectation.</summary>
    /// <param name="expectation">The expectation.</param>
    /// <returns>This builder.</returns>
    public ExpectationSuiteBuilder Add(Expectation expectation)
    {
        ArgumentNullException.ThrowIfNull(expectation);
        _expectations.Add(expectation);
        return this;
    }

    /// <summary>Adds <c>expect_column_to_exist</c>.</summary>
    /// <param name="column">The column.</param>
    /// <returns>This builder.</returns>
    public ExpectationSuiteBuilder ExpectColumnToExist(string column) => Add(new ExpectColumnToExist(column));

    /// <summary>Adds <c>expect_column_values_to_not_be_null</c>.</summary>
    /// <param name="column">The column.</param>
    /// <param name="mostly">The least fraction of rows that must hold a value.</param>
    /// <returns>This builder.</returns>
    public ExpectationSuiteBuilder ExpectColumnValuesToNotBeNull(string column, double mostly = 1.0) => Add(new ExpectColumnValuesToNotBeNull(column, mostly));

    /// <summary>Adds <c>expect_column_values_to_be_between</c>.</summary>
    /// <param name="column">The numeric column.</param>
    /// <param name="min">The lower bound or <see langword="null"/>.</param>
    /// <param name="max">The upper bound or <see langword="null"/>.</param>
    /// <param name="minInclusive">Whether the lower bound is inclusive.</param>
    /// <param name="maxInclusive">Whether the upper bound is inclusive.</param>
    /// <param name="mostly">The least fraction of non-missing values within bounds.</param>
    /// <returns>This builder.</returns>
    public ExpectationSuiteBuilder ExpectColumnValuesToBeBetween(string column, double? min, double? max, bool minInclusive = true, bool maxInclusive = true, double mostly = 1.0) =>
        Add(new ExpectColumnValuesToBeBetween(column, min, max, minInclusive, maxInclusive, mostly));

    /// <summary>Adds <c>expect_column_values_to_be_in_set</c>.</summary>
    /// <param name="column">The column.</param>
    /// <param name="valueSet">The expected values.</param>
    /// <param name="mostly">The least fraction of non-missing values in the set.</param>
    /// <returns>This builder.</returns>
    public ExpectationSuiteBuilder ExpectColumnValuesToBeInSet(string column, IReadOnlyList<string> valueSet, double mostly = 1.0) =>
        Add(new ExpectColumnValuesToBeInSet(column, valueSet, mostly));

    /// <summary>Adds <c>expect_column_values_to_be_unique</c>.</summary>
    /// <param name="column">The column.</param>
    /// <param name="mostly">The least fraction of non-missing values that are unique.</param>
    /// <returns>This builder.</returns>
    public ExpectationSuiteBuilder ExpectColumnValuesToBeUnique(string column, double mostly = 1.0) => Add(new ExpectColumnValuesToBeUnique(column, mostly));

    /// <summary>Adds <c>expect_column_values_to_match_regex</c>.</summary>
    /// <param name="column">The text column.</param>
    /// <param name="regex">The .NET regular expression.</param>
    /// <param name="mostly">The least fraction of non-missing values that match.</param>
    /// <returns>This builder.</returns>
    public ExpectationSuiteBuilder ExpectColumnValuesToMatchRegex(string column, string regex, double mostly = 1.0) =>
        Add(new ExpectColumnValuesToMatchRegex(column, regex, mostly));

    /// <summary>Adds <c>expect_table_row_count_to_be_between</c>.</summary>
    /// <param name="min">The least row count or <see langword="null"/>.</param>
    /// <param name="max">The largest row count or <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    public ExpectationSuiteBuilder ExpectTableRowCountToBeBetween(long? min, long? max) => Add(new ExpectTableRowCountToBeBetween(min, max));

    /// <summary>Removes every expectation that matches.</summary>
    /// <param name="match">Which expectations to remove.</param>
    /// <returns>This builder.</returns>
    public ExpectationSuiteBuilder Remove(Predicate<Expectation> match)
    {
        ArgumentNullException.ThrowIfNull(match);
        _expectations.RemoveAll(match);
        return this;
    }

    /// <summary>Removes every expectation about a column.</summary>
    /// <param name="column">The column.</param>
    /// <returns>This builder.</returns>
    public ExpectationSuiteBuilder RemoveColumn(string column) =>
        Remove(e => e is ColumnExpectation c && string.Equals(c.Column, column, StringComparison.Ordinal));

    /// <summary>Replaces every expectation that matches with the one given (or adds it when none matched).</summary>
    /// <param name="match">Which expectations to replace.</param>
    /// <param name="replacement">The new expectation.</param>
    /// <returns>This builder.</returns>
    public ExpectationSuiteBuilder Replace(Predicate<Expectation> match, Expectation replacement)
    {
        ArgumentNullException.ThrowIfNull(match);
        ArgumentNullException.ThrowIfNull(replacement);
        var index = _expectations.FindIndex(match);
        if (index < 0)
        {
            _expectations.Add(replacement);
            return this;
        }

        _expectations.RemoveAll(match);
        _expectations.Insert(Math.Min(index, _expectations.Count), replacement);
        return this;
    }

    /// <summary>Builds the suite.</summary>
    /// <returns>The suite.</returns>
    public ExpectationSuite Build() => new(_name, _expectations);
}
