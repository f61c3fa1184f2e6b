using Microsoft.ML;
using Mlops.Validation.Expectations;

namespace Mlops.Validation.Tests.Expectations;

public sealed class SuiteTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Row_count_between_reports_the_observed_count()
    {
        var data = ExpectationTestData.Rows(1, 2, 3);
        var pass = new ExpectationSuite("s", [new ExpectTableRowCountToBeBetween(3, 3)]).Validate(data, cancellationToken: Ct).Results.Single();
        pass.Success.Should().BeTrue();
        pass.ObservedRowCount.Should().Be(3);
        var fail = new ExpectationSuite("s", [new ExpectTableRowCountToBeBetween(4, null)]).Validate(data, cancellationToken: Ct).Results.Single();
        fail.Success.Should().BeFalse();
        fail.ObservedRowCount.Should().Be(3);
    }

    [Fact]
    public void Suite_result_counts_passed_and_failed_expectations()
    {
        var suite = ExpectationSuite.CreateBuilder("rows")
            .ExpectColumnToExist("Value")
            .ExpectColumnValuesToBeBetween("Value", 0, 2)
            .ExpectTableRowCountToBeBetween(1, 10)
            .ExpectColumnToExist("Missing")
            .Build();
        var result = suite.Validate(ExpectationTestData.Rows(1, 2, 3), cancellationToken: Ct);
        result.Success.Should().BeFalse();
        result.SuiteName.Should().Be("rows");
        result.RowCount.Should().Be(3);
        result.Statistics.Should().Be(new ExpectationStatistics(4, 2, 2, 50));
        result.Results.Select(r => r.Success).Should().Equal(true, false, true, false);
    }

    [Fact]
    public void Empty_suite_succeeds()
    {
        var result = new ExpectationSuite("empty", []).Validate(ExpectationTestData.Rows(1), cancellationToken: Ct);
        result.Success.Should().BeTrue();
        result.Statistics.SuccessPercent.Should().Be(100);
    }

    [Fact]
    public void DataView_and_enumerable_runners_agree()
    {
        var data = ExpectationTestData.Rows(5, -1, double.NaN, 10, 5);
        data[1].Name = null;
        data[3].Name = "zz";
        var suite = ExpectationSuite.CreateBuilder("agree")
            .ExpectColumnValuesToNotBeNull("Value")
            .ExpectColumnValuesToNotBeNull("Name")
            .ExpectColumnValuesToBeBetween("Value", 0, 9)
            .ExpectColumnValuesToBeInSet("Name", ["n0", "n2", "n4"])
            .ExpectColumnValuesToBeUnique("Value")
            .ExpectColumnValuesToMatchRegex("Name", "^n")
            .ExpectTableRowCountToBeBetween(5, 5)
            .Build();
        var view = new MLContext(seed: 1).Data.LoadFromEnumerable(data.Select(r => new ViewRow { Value = r.Value, Name = r.Name }));

        var fromObjects = suite.Validate(data, cancellationToken: Ct);
        var fromView = suite.Validate(view, cancellationToken: Ct);

        fromView.Should().BeEquivalentTo(fromObjects);
        fromView.Results[2].UnexpectedExamples.Should().Equal(new UnexpectedExample(1, "-1"), new UnexpectedExample(3, "10"));
        fromView.Results[4].UnexpectedExamples.Should().Equal(new UnexpectedExample(0, "5"), new UnexpectedExample(4, "5"));
    }

    [Fact]
    public void DataView_runner_reads_single_int_long_and_boolean_columns()
    {
        var view = new MLContext(seed: 1).Data.LoadFromEnumerable(
        [
            new TypedRow { F = 1.5f, I = 1, L = 10, B = true },
            new TypedRow { F = float.NaN, I = 2, L = 20, B = false },
        ]);
        var suite = ExpectationSuite.CreateBuilder("typed")
            .ExpectColumnValuesToNotBeNull("F")
            .ExpectColumnValuesToBeBetween("I", 1, 1)
            .ExpectColumnValuesToBeBetween("L", 10, 20)
            .ExpectColumnValuesToBeInSet("B", ["true"])
            .Build();
        var results = suite.Validate(view, cancellationToken: Ct).Results;
        results[0].UnexpectedExamples.Should().Equal(new UnexpectedExample(1, null));
        results[1].UnexpectedExamples.Should().Equal(new UnexpectedExample(1, "2"));
        results[2].Success.Should().BeTrue();
        results[3].UnexpectedExamples.Should().Equal(new UnexpectedExample(1, "false"));
    }

    [Fact]
    public void Vector_columns_are_refused_for_value_expectations_but_may_exist()
    {
        var rows = new[] { new WithVector { Score = 1 } };
        var view = new MLContext(seed: 1).Data.LoadFromEnumerable(rows);
        new ExpectationSuite("v", [new ExpectColumnToExist("Features")]).Validate(view, cancellationToken: Ct).Success.Should().BeTrue();

        var suite = new ExpectationSuite("v", [new ExpectColumnValuesToNotBeNull("Features")]);
        var fromView = () => suite.Validate(view, cancellationToken: Ct);
        fromView.Should().Throw<MlopsSchemaMismatchException>().Which.Column.Should().Be("Features");
        var fromObjects = () => suite.Validate(rows, cancellationToken: Ct);
        fromObjects.Should().Throw<MlopsSchemaMismatchException>().WithMessage("*vector column*");
    }

    [Fact]
    public void Between_on_text_and_regex_on_numbers_are_refused()
    {
        var data = ExpectationTestData.Rows(1);
        var between = () => new ExpectationSuite("s", [new ExpectColumnValuesToBeBetween("Name", 0, 1)]).Validate(data, cancellationToken: Ct);
        between.Should().Throw<MlopsSchemaMismatchException>().WithMessage("*Name*not numeric*");
        var regex = () => new ExpectationSuite("s", [new ExpectColumnValuesToMatchRegex("Value", "1")]).Validate(data, cancellationToken: Ct);
        regex.Should().Throw<MlopsSchemaMismatchException>().WithMessage("*Value*not text*");
    }

    [Fact]
    public void Builder_edits_an_existing_suite()
    {
        var suite = ExpectationSuite.CreateBuilder("a")
            .ExpectColumnValuesToNotBeNull("Value")
            .ExpectColumnValuesToBeBetween("Value", 0, 1)
            .ExpectColumnToExist("Name")
            .Build();
        var edited = suite.ToBuilder()
            .WithName("b")
            .Replace(e => e is ExpectColumnValuesToBeBetween, new ExpectColumnValuesToBeBetween("Value", 0, 100))
            .RemoveColumn("Name")
            .Build();
        edited.Name.Should().Be("b");
        edited.Expectations.Should().Equal(new ExpectColumnValuesToNotBeNull("Value"), new ExpectColumnValuesToBeBetween("Value", 0, 100));
        suite.Expectations.Should().HaveCount(3);
    }

    [Fact]
    public void Cancelled_run_throws()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var act = () => new ExpectationSuite("s", [new ExpectColumnToExist("Value")]).Validate(ExpectationTestData.Rows(1), cancellationToken: cts.Token);
        act.Should().Throw<OperationCanceledException>();
    }

    public sealed class ViewRow
    {
        public double Value { get; set; }

        public string? Name { get; set; }
    }

    public sealed class TypedRow
    {
        public float F { get; set; }

        public int I { get; set; }

        public long L { get; set; }

        public bool B { get; set; }
    }
}
