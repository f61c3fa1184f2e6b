using Mlops.Validation.Expectations;

namespace Mlops.Validation.Tests.Expectations;

public sealed class JsonAndArgumentTests
{
    private static ExpectationSuite AllKinds() => ExpectationSuite.CreateBuilder("all")
        .ExpectColumnToExist("Value")
        .ExpectColumnValuesToNotBeNull("Value", 0.9)
        .ExpectColumnValuesToBeBetween("Value", -1.5, null, minInclusive: false, mostly: 0.5)
        .ExpectColumnValuesToBeInSet("Name", ["a", "b"], 0.8)
        .ExpectColumnValuesToBeUnique("Name")
        .ExpectColumnValuesToMatchRegex("Name", @"^\w+$")
        .ExpectTableRowCountToBeBetween(1, 1000)
        .Build();

    [Fact]
    public void Suite_round_trips_through_json_with_ge_type_names()
    {
        var suite = AllKinds();
        var json = suite.ToJson();
        json.Should().Contain("\"expectation_type\": \"expect_column_values_to_be_between\"")
            .And.Contain("\"expectation_type\": \"expect_table_row_count_to_be_between\"")
            .And.NotContain("expectationType");
        var back = ExpectationSuite.FromJson(json);
        back.Should().Be(suite);
        back.ToJson().Should().Be(json);
    }

    [Fact]
    public void Hand_edited_json_loads_with_defaults_and_discriminator_anywhere()
    {
        const string json = """
            { "name": "edited", "expectations": [
              { "column": "Value", "min": 0, "max": 5, "expectation_type": "expect_column_values_to_be_between" },
              { "expectation_type": "expect_column_values_to_not_be_null", "column": "Name" } ] }
            """;
        var suite = ExpectationSuite.FromJson(json);
        suite.Expectations.Should().Equal(new ExpectColumnValuesToBeBetween("Value", 0, 5), new ExpectColumnValuesToNotBeNull("Name"));
    }

    [Fact]
    public void Invalid_json_expectation_is_rejected_with_the_rule()
    {
        var act = () => ExpectationSuite.FromJson("""{ "name": "x", "expectations": [ { "expectation_type": "expect_column_values_to_not_be_null", "column": "A", "mostly": 2 } ] }""");
        act.Should().Throw<MlopsValidationException>().Which.Field.Should().Be("mostly");
        var unknown = () => ExpectationSuite.FromJson("""{ "name": "x", "expectations": [ { "expectation_type": "expect_magic", "column": "A" } ] }""");
        unknown.Should().Throw<MlopsValidationException>().Which.Field.Should().Be("expectation suite json");
    }

    [Fact]
    public void Suite_result_round_trips_through_json()
    {
        var data = ExpectationTestData.Rows(1, double.NaN, 3);
        data[0].Name = "a";
        var result = AllKinds().Validate(data, cancellationToken: TestContext.Current.CancellationToken);
        var json = result.ToJson();
        var back = ExpectationSuiteResult.FromJson(json);
        back.Should().BeEquivalentTo(result, o => o.RespectingRuntimeTypes());
        back.ToJson().Should().Be(json);
        json.Should().Contain("\"unexpectedExamples\"");
    }

    [Theory]
    [InlineData(-0.1, "-0.1")]
    [InlineData(1.5, "1.5")]
    [InlineData(double.NaN, "NaN")]
    public void Mostly_outside_zero_one_is_rejected_naming_value(double mostly, string shown)
    {
        var act = () => new ExpectColumnValuesToBeUnique("A", mostly);
        var ex = act.Should().Throw<MlopsValidationException>().Which;
        ex.Field.Should().Be("mostly");
        ex.Value.Should().Be(shown);
        ex.Message.Should().Contain("between 0 and 1");
    }

    [Fact]
    public void Between_with_min_above_max_is_rejected()
    {
        var act = () => new ExpectColumnValuesToBeBetween("A", 5, 1);
        act.Should().Throw<MlopsValidationException>().WithMessage("Invalid min '5': must not exceed max 1*");
        var none = () => new ExpectColumnValuesToBeBetween("A", null, null);
        none.Should().Throw<MlopsValidationException>().WithMessage("*at least one of min and max*");
        var empty = () => new ExpectColumnValuesToBeBetween("A", 1, 1, minInclusive: false);
        empty.Should().Throw<MlopsValidationException>();
    }

    [Fact]
    public void Bad_regex_is_rejected_naming_the_pattern()
    {
        var act = () => new ExpectColumnValuesToMatchRegex("A", "([a-z");
        var ex = act.Should().Throw<MlopsValidationException>().Which;
        ex.Field.Should().Be("regex");
        ex.Value.Should().Be("([a-z");
        ex.Message.Should().Contain("not a valid .NET regular expression");
    }

    [Fact]
    public void Other_bad_arguments_are_rejected()
    {
        FluentActions.Invoking(() => new ExpectColumnToExist(" ")).Should().Throw<MlopsValidationException>().Which.Field.Should().Be("column");
        FluentActions.Invoking(() => new ExpectColumnValuesToBeInSet("A", [])).Should().Throw<MlopsValidationException>().Which.Field.Should().Be("value_set");
        FluentActions.Invoking(() => new ExpectTableRowCountToBeBetween(10, 5)).Should().Throw<MlopsValidationException>().WithMessage("Invalid min '10': must not exceed max 5");
        FluentActions.Invoking(() => new ExpectTableRowCountToBeBetween(-1, null)).Should().Throw<MlopsValidationException>();
        FluentActions.Invoking(() => new ExpectationSuite("", [])).Should().Throw<MlopsValidationException>().Which.Field.Should().Be("suite name");
        FluentActions.Invoking(() => new ExpectationSuite("s", []).Validate(ExpectationTestData.Rows(1), new ExpectationRunOptions { MaxUnexpectedExamples = -1 }, TestContext.Current.CancellationToken))
            .Should().Throw<MlopsValidationException>().Which.Field.Should().Be("max unexpected examples");
    }
}
