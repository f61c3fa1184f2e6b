using Mlops.Validation.Expectations;

namespace Mlops.Validation.Tests.Expectations;

public sealed class ColumnExpectationTests
{
    private static ExpectationResult RunOne<T>(Expectation expectation, IEnumerable<T> data, ExpectationRunOptions? options = null) =>
        new ExpectationSuite("one", [expectation]).Validate(data, options, TestContext.Current.CancellationToken).Results.Single();

    [Fact]
    public void Column_to_exist_passes_for_a_property_and_fails_for_an_unknown_name()
    {
        var data = ExpectationTestData.Rows(1, 2);
        RunOne(new ExpectColumnToExist("Value"), data).Success.Should().BeTrue();
        var missing = RunOne(new ExpectColumnToExist("Nope"), data);
        missing.Success.Should().BeFalse();
        missing.Error.Should().Be("column 'Nope' not found");
    }

    [Fact]
    public void Not_null_counts_NaN_and_null_as_missing_with_examples()
    {
        var data = ExpectationTestData.Rows(1, double.NaN, 3, double.NaN);
        data[2].Name = null;
        var values = RunOne(new ExpectColumnValuesToNotBeNull("Value"), data);
        values.Success.Should().BeFalse();
        values.ElementCount.Should().Be(4);
        values.UnexpectedCount.Should().Be(2);
        values.UnexpectedPercent.Should().Be(50);
        values.UnexpectedExamples.Should().Equal(new UnexpectedExample(1, null), new UnexpectedExample(3, null));

        var names = RunOne(new ExpectColumnValuesToNotBeNull("Name"), data);
        names.UnexpectedCount.Should().Be(1);
        names.UnexpectedExamples.Should().Equal(new UnexpectedExample(2, null));
    }

    [Fact]
    public void Not_null_mostly_passes_exactly_at_the_boundary_and_fails_just_above()
    {
        var data = ExpectationTestData.Rows(1, 2, 3, double.NaN);
        RunOne(new ExpectColumnValuesToNotBeNull("Value", 0.75), data).Success.Should().BeTrue();
        RunOne(new ExpectColumnValuesToNotBeNull("Value", 0.7500001), data).Success.Should().BeFalse();
    }

    [Fact]
    public void Empty_text_counts_as_missing()
    {
        var data = ExpectationTestData.Rows(1, 2);
        data[0].Name = "";
        RunOne(new ExpectColumnValuesToNotBeNull("Name"), data).UnexpectedExamples.Should().Equal(new UnexpectedExample(0, null));
    }

    [Fact]
    public void Between_reports_observed_min_max_and_failing_values()
    {
        var data = ExpectationTestData.Rows(5, -1, 10, 11, double.NaN, 7.5);
        var result = RunOne(new ExpectColumnValuesToBeBetween("Value", 0, 10), data);
        result.Success.Should().BeFalse();
        result.ObservedMin.Should().Be(-1);
        result.ObservedMax.Should().Be(11);
        result.ElementCount.Should().Be(6);
        result.MissingCount.Should().Be(1);
        result.UnexpectedCount.Should().Be(2);
        result.UnexpectedPercent.Should().Be(40);
        result.UnexpectedExamples.Should().Equal(new UnexpectedExample(1, "-1"), new UnexpectedExample(3, "11"));
    }

    [Fact]
    public void Between_passes_when_all_values_are_inside_inclusive_bounds()
    {
        var result = RunOne(new ExpectColumnValuesToBeBetween("Value", 0, 10), ExpectationTestData.Rows(0, 10, 5));
        result.Success.Should().BeTrue();
        result.UnexpectedCount.Should().Be(0);
        result.UnexpectedExamples.Should().BeEmpty();
    }

    [Fact]
    public void Between_exclusive_bounds_reject_the_bound_values()
    {
        var result = RunOne(new ExpectColumnValuesToBeBetween("Value", 0, 10, minInclusive: false, maxInclusive: false), ExpectationTestData.Rows(0, 10, 5));
        result.UnexpectedExamples.Should().Equal(new UnexpectedExample(0, "0"), new UnexpectedExample(1, "10"));
    }

    [Fact]
    public void Between_with_one_open_bound_checks_only_the_other()
    {
        RunOne(new ExpectColumnValuesToBeBetween("Value", null, 3), ExpectationTestData.Rows(-1e9, 3)).Success.Should().BeTrue();
        RunOne(new ExpectColumnValuesToBeBetween("Value", 4, null), ExpectationTestData.Rows(3, 1e9)).UnexpectedCount.Should().Be(1);
    }

    [Fact]
    public void Between_mostly_is_a_fraction_of_non_missing_values()
    {
        // 4 present values, 1 outside: 0.75 inside; the NaN does not count against it.
        var data = ExpectationTestData.Rows(1, 2, 3, 99, double.NaN);
        RunOne(new ExpectColumnValuesToBeBetween("Value", 0, 10, mostly: 0.75), data).Success.Should().BeTrue();
        RunOne(new ExpectColumnValuesToBeBetween("Value", 0, 10, mostly: 0.76), data).Success.Should().BeFalse();
    }

    [Fact]
    public void All_missing_values_pass_value_expectations_vacuously()
    {
        var result = RunOne(new ExpectColumnValuesToBeBetween("Value", 0, 1), ExpectationTestData.Rows(double.NaN, double.NaN));
        result.Success.Should().BeTrue();
        result.UnexpectedPercent.Should().BeNull();
        result.ObservedMin.Should().BeNull();
    }

    [Fact]
    public void In_set_reports_values_outside_the_set()
    {
        var data = ExpectationTestData.Rows(1, 2, 3, 4);
        data[1].Name = "x";
        data[3].Name = null;
        var result = RunOne(new ExpectColumnValuesToBeInSet("Name", ["n0", "n2"]), data);
        result.Success.Should().BeFalse();
        result.MissingCount.Should().Be(1);
        result.UnexpectedCount.Should().Be(1);
        result.UnexpectedPercent.Should().BeApproximately(100.0 / 3, 1e-12);
        result.UnexpectedExamples.Should().Equal(new UnexpectedExample(1, "x"));
        RunOne(new ExpectColumnValuesToBeInSet("Name", ["n0", "n2"], mostly: 0.66), data).Success.Should().BeTrue();
    }

    [Fact]
    public void In_set_compares_numbers_and_booleans_as_invariant_text()
    {
        var data = ExpectationTestData.Rows(1, 2.5, 3);
        RunOne(new ExpectColumnValuesToBeInSet("Value", ["1", "2.5"]), data).UnexpectedExamples.Should().Equal(new UnexpectedExample(2, "3"));
        RunOne(new ExpectColumnValuesToBeInSet("Flag", ["true"]), data).UnexpectedExamples.Should().Equal(new UnexpectedExample(1, "false"));
    }

    [Fact]
    public void Unique_marks_every_occurrence_of_a_repeated_value()
    {
        var result = RunOne(new ExpectColumnValuesToBeUnique("Value"), ExpectationTestData.Rows(1, 2, 1, 3, double.NaN, 2));
        result.Success.Should().BeFalse();
        result.UnexpectedCount.Should().Be(4);
        result.UnexpectedPercent.Should().Be(80);
        result.UnexpectedExamples.Select(e => e.RowIndex).Should().Equal(0, 1, 2, 5);
        RunOne(new ExpectColumnValuesToBeUnique("Value"), ExpectationTestData.Rows(1, 2, double.NaN, double.NaN)).Success.Should().BeTrue();
    }

    [Fact]
    public void Regex_searches_each_value_and_reports_non_matching_ones()
    {
        var data = ExpectationTestData.Rows(1, 2, 3);
        data[1].Name = "bad";
        var result = RunOne(new ExpectColumnValuesToMatchRegex("Name", @"^n\d+$"), data);
        result.UnexpectedExamples.Should().Equal(new UnexpectedExample(1, "bad"));
        RunOne(new ExpectColumnValuesToMatchRegex("Name", "a"), data).UnexpectedCount.Should().Be(2);
        RunOne(new ExpectColumnValuesToMatchRegex("Name", @"^n\d+$", mostly: 0.6), data).Success.Should().BeTrue();
    }

    [Fact]
    public void Regex_that_times_out_is_refused_naming_the_pattern()
    {
        var data = ExpectationTestData.Rows(1);
        data[0].Name = new string('a', 5000) + "!";
        var act = () => RunOne(new ExpectColumnValuesToMatchRegex("Name", "^(a+)+$"), data, new ExpectationRunOptions { RegexTimeout = TimeSpan.FromMilliseconds(1) });
        act.Should().Throw<MlopsValidationException>().Which.Value.Should().Be("^(a+)+$");
    }

    [Fact]
    public void Failing_examples_are_capped_by_the_option()
    {
        var data = ExpectationTestData.Rows(Enumerable.Range(0, 50).Select(i => (double)i).ToArray());
        RunOne(new ExpectColumnValuesToBeBetween("Value", 100, 200), data).UnexpectedExamples.Should().HaveCount(20);
        var capped = RunOne(new ExpectColumnValuesToBeBetween("Value", 100, 200), data, new ExpectationRunOptions { MaxUnexpectedExamples = 3 });
        capped.UnexpectedCount.Should().Be(50);
        capped.UnexpectedExamples.Select(e => e.RowIndex).Should().Equal(0, 1, 2);
    }

    [Fact]
    public void Value_expectation_on_a_missing_column_fails_with_an_error()
    {
        var result = RunOne(new ExpectColumnValuesToNotBeNull("Nope"), ExpectationTestData.Rows(1));
        result.Success.Should().BeFalse();
        result.Error.Should().Contain("Nope");
    }
}
